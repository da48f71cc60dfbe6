import { z } from "zod";

/**
 * A create form carries a random submission id, rendered with the form (so it works without
 * JavaScript) and renewed after each successful submit. The server stores it with what it creates,
 * unique per member: sending the same form twice (double click, retry) finds the first result.
 */
export const SUBMISSION_ID_FIELD = "submissionId";

const PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** Absent or empty: an older client or a script, accepted but not deduplicated (null). */
export const SubmissionIdSchema = z
  .string()
  .nullish()
  .transform((v) => (v === undefined || v === null || v === "" ? null : v))
  .refine((v) => v === null || PATTERN.test(v), { message: "validation.submissionId" });

/** The submission id as the only field of a schema, for forms whose main schema is shared with other forms. */
export const SubmissionFormSchema = z.object({ [SUBMISSION_ID_FIELD]: SubmissionIdSchema });
