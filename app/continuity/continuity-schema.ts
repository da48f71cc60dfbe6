import { z } from "zod";
import { LIMITS } from "../deliberation/schemas";

/** How the members of the new deliberation are found: the source's members carried over, or invited afresh. */
export const MEMBER_CHOICES = ["carry", "fresh"] as const;

const text = (min: number, max: number) => z.string({ required_error: "validation.required" }).trim().min(min).max(max);

/**
 * The "continue in a new deliberation" form: the closed round to continue from, the red lines to
 * carry (ticked proposal ids, at least one), the new title and question, and the members choice.
 */
export const ContinuationSchema = z.object({
  round: z.string({ required_error: "continuity.validation.round" }).trim().regex(/^\d{1,4}$/, { message: "continuity.validation.round" }).transform(Number),
  title: text(3, LIMITS.title),
  question: text(10, LIMITS.question),
  proposals: z.array(z.string().max(40)).min(1, { message: "continuity.validation.chooseOne" }).max(500),
  members: z.enum(MEMBER_CHOICES, { errorMap: () => ({ message: "continuity.validation.members" }) }),
});
export type ContinuationInput = z.output<typeof ContinuationSchema>;
