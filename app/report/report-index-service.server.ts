import type { Executor } from "../../db/connection";
import { countPublicReportDeliberations, listPublicReportDeliberations } from "./report-index-repository.server";

export const REPORT_INDEX_PAGE_SIZE = 20;

export interface PublicReportEntry {
  deliberationId: string;
  title: string;
  question: string;
  latestVersion: number;
  roundNumber: number;
  publishedAt: string;
}

/**
 * One page of the public index of published reports (no login): deliberations that made their
 * reports public, newest publication first. A page number out of range shows the nearest page.
 */
export async function listPublicReports(db: Executor, pageParam: string | null): Promise<{ entries: PublicReportEntry[]; page: number; pages: number; total: number }> {
  const total = await countPublicReportDeliberations(db);
  const pages = Math.max(1, Math.ceil(total / REPORT_INDEX_PAGE_SIZE));
  const requested = Number.parseInt(pageParam ?? "1", 10);
  const page = Number.isFinite(requested) ? Math.min(Math.max(1, requested), pages) : 1;
  const rows = await listPublicReportDeliberations(db, { limit: REPORT_INDEX_PAGE_SIZE, offset: (page - 1) * REPORT_INDEX_PAGE_SIZE });
  return {
    entries: rows.map((r) => ({
      deliberationId: r.id,
      title: r.title,
      question: r.question,
      latestVersion: r.version,
      roundNumber: r.round_number,
      publishedAt: r.published_at,
    })),
    page,
    pages,
    total,
  };
}
