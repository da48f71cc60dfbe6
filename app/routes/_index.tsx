import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getUser } from "~/auth/session.server";
import { listMyDeliberations } from "~/deliberation/deliberation-service.server";
import { t } from "~/i18n/i18n";

export const meta: MetaFunction = () => [{ title: "Accord" }, { name: "description", content: t("home.tagline") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(context.app, request);
  if (!user) return { signedIn: false as const, deliberations: [], canCreate: false };
  return { signedIn: true as const, deliberations: await listMyDeliberations(context.app.db, user.id), canCreate: user.hasPassword };
}

export default function Home() {
  const { t } = useTranslation();
  const { signedIn, deliberations, canCreate } = useLoaderData<typeof loader>();
  const deleted = useSearchParams()[0].get("deleted");
  if (!signedIn) {
    return (
      <section aria-labelledby="home-title">
        <h1 id="home-title">{t("home.title")}</h1>
        <p>{t("home.tagline")}</p>
        <p>{t("home.how")}</p>
        <p className="row">
          <Link className="button" to="/login">{t("nav.login")}</Link>
          <Link className="button secondary" to="/signup">{t("home.startOne")}</Link>
        </p>
        <p className="muted">{t("home.inviteHint")}</p>
        <p>{t("home.reportsHint")} <Link to="/reports">{t("home.readReports")}</Link></p>
      </section>
    );
  }
  return (
    <section aria-labelledby="mine-title">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1 id="mine-title">{t("home.mine")}</h1>
        {canCreate ? (
          <span className="row">
            <Link className="button" to="/deliberations/new">{t("home.create")}</Link>
            <Link to="/deliberations/import">{t("importPolis.link")}</Link>
          </span>
        ) : null}
      </div>
      {deleted ? <p className="notice ok" role="status">{t("lifecycle.deleted", { title: deleted })}</p> : null}
      {deliberations.length === 0 ? (
        <p className="card">{t("home.empty")}</p>
      ) : (
        <ul className="proposal-list">
          {deliberations.map((d) => (
            <li key={d.id} className="card">
              <h2><Link to={`/d/${d.id}`}>{d.title}</Link>{d.archived ? <> <span className="badge">{t("lifecycle.archivedBadge")}</span></> : null}</h2>
              <p dir="auto">{d.question}</p>
              <p className="muted">{t("home.yourRole", { role: t(`roles.${d.role}`) })}</p>
            </li>
          ))}
        </ul>
      )}
      <p><Link to="/reports">{t("home.readReports")}</Link></p>
    </section>
  );
}
