import type { Executor } from "../../db/connection";

/**
 * The public index of published reports: deliberations whose reports are public (and only
 * those), each with its latest published version, newest publication first.
 */
export async function listPublicReportDeliberations(db: Executor, page: { limit: number; offset: number }) {
  return db
    .selectFrom("deliberations as d")
    .innerJoin("reports as r", "r.deliberation_id", "d.id")
    .innerJoin("rounds as ro", "ro.id", "r.round_id")
    .select(["d.id", "d.title", "d.question", "r.version", "r.published_at", "ro.number as round_number"])
    .where("d.public_reports", "=", 1)
    .where("r.version", "=", (eb) =>
      eb.selectFrom("reports as latest").select((x) => x.fn.max<number>("latest.version").as("v")).whereRef("latest.deliberation_id", "=", "d.id"),
    )
    .orderBy("r.published_at", "desc")
    .orderBy("d.id")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** How many deliberations the public index lists. */
export async function countPublicReportDeliberations(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("deliberations as d")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("d.public_reports", "=", 1)
    .where((eb) => eb.exists(eb.selectFrom("reports as r").select("r.id").whereRef("r.deliberation_id", "=", "d.id")))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
