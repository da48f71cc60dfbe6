import { z } from "zod";

/** The members page's role changes (decision 048); the confirmation box is checked by the route. */
export const MemberIdSchema = z.object({ membershipId: z.string().min(1).max(40) });

export const DemoteSchema = MemberIdSchema.extend({
  role: z.enum(["participant", "observer"]),
  stakeholderGroupId: z.string().max(40).default(""),
});

/** A facilitator's own "I also vote" form: the box ticked or not, with a group and a region. */
export const MyVotingSchema = z.object({
  alsoVotes: z
    .string()
    .optional()
    .transform((v) => v === "yes"),
  stakeholderGroupId: z.string().max(40).default(""),
  regionId: z.string().max(40).default(""),
});
