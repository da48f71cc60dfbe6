import { randomBytes } from "node:crypto";

/** A fresh submission id for a create form (128 random bits, base64url: 22 characters). */
export function newSubmissionId(): string {
  return randomBytes(16).toString("base64url");
}
