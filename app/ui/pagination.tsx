import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function paginate<T>(items: T[], pageParam: string | null, size: number) {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const requested = Number.parseInt(pageParam ?? "1", 10);
  const page = Number.isFinite(requested) ? Math.min(Math.max(1, requested), pages) : 1;
  return { items: items.slice((page - 1) * size, page * size), page, pages };
}

/** Previous / next links that keep the other query parameters (works without JavaScript). */
export function Pagination({ page, pages }: { page: number; pages: number }) {
  const { t } = useTranslation();
  const location = useLocation();
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(p));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      {page > 1 ? <Link to={href(page - 1)}>{t("pagination.previous")}</Link> : <span />}
      <span>{t("pagination.pageOf", { page, pages })}</span>
      {page < pages ? <Link to={href(page + 1)}>{t("pagination.next")}</Link> : <span />}
    </nav>
  );
}
