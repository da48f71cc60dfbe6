import { z } from "zod";

export const REPORT_SECTIONS = ["agreement", "disagreement", "uncertainty", "movement", "appendix"] as const;

/** The facilitator's report form: round, executive summary and notes per section. */
export const ReportFormSchema = z.object({
  round: z.coerce.number({ invalid_type_error: "validation.number" }).int().min(1).max(9999),
  summary: z.string().trim().max(8000).default(""),
  note_agreement: z.string().trim().max(4000).default(""),
  note_disagreement: z.string().trim().max(4000).default(""),
  note_uncertainty: z.string().trim().max(4000).default(""),
  note_movement: z.string().trim().max(4000).default(""),
  note_appendix: z.string().trim().max(4000).default(""),
  /** the latest published version when the form was shown: a newer one means someone published meanwhile */
  basedOn: z.coerce.number().int().min(0).optional(),
  /** the facilitator confirmed publishing with an empty executive summary */
  withoutSummary: z.literal("yes").optional(),
});

/** The fields of the form a failed publish sends back, so nothing typed is lost. */
export const REPORT_FORM_FIELDS = ["round", "summary", ...REPORT_SECTIONS.map((s) => `note_${s}` as const)] as const;

export function notesFrom(v: z.output<typeof ReportFormSchema>) {
  const notes: Partial<Record<(typeof REPORT_SECTIONS)[number], string>> = {};
  for (const s of REPORT_SECTIONS) {
    const text = v[`note_${s}`];
    if (text) notes[s] = text;
  }
  return notes;
}
