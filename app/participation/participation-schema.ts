import { z } from "zod";

export const MARGIN_LIMITS = { min: 1, max: 50 } as const;

/**
 * The monitor's settings form: the alert margin (whole percentage points) and each region's target
 * share (blank: no target). Regions come as parallel lists (`regionId`, `regionTarget`).
 */
export const ParticipationSettingsSchema = z
  .object({
    margin: z.string().trim().refine((v) => /^\d{1,3}$/.test(v) && Number(v) >= MARGIN_LIMITS.min && Number(v) <= MARGIN_LIMITS.max, { message: "participation.validation.margin" }),
    regionId: z.array(z.string().max(40)).max(20),
    regionTarget: z.array(z.string().trim().max(6).refine((v) => v === "" || (/^\d+(\.\d+)?$/.test(v) && Number(v) <= 100), { message: "validation.share" })).max(20),
  })
  .superRefine((v, ctx) => {
    if (v.regionId.length !== v.regionTarget.length) ctx.addIssue({ code: "custom", path: ["regionTarget"], message: "validation.invalid" });
    const total = v.regionTarget.reduce((s, x) => s + (x === "" ? 0 : Number(x)), 0);
    if (total > 100.05) ctx.addIssue({ code: "custom", path: ["regionTarget"], message: "participation.validation.regionTargetsSum" });
  })
  .transform((v) => ({
    margin: Number(v.margin),
    regionTargets: v.regionId.map((id, i) => ({ id, targetShare: v.regionTarget[i] === "" || v.regionTarget[i] === undefined ? null : Number(v.regionTarget[i]) / 100 })),
  }));
export type ParticipationSettingsInput = z.output<typeof ParticipationSettingsSchema>;
