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
});

export function notesFrom(v: z.output<typeof ReportFormSchema>) {
  const notes: Partial<Record<(typeof REPORT_SECTIONS)[number], string>> = {};
  for (const s of REPORT_SECTIONS) {
    const text = v[`note_${s}`];
    if (text) notes[s] = text;
  }
  return notes;
}
