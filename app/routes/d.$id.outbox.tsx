import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { requireMember } from "~/deliberation/access.server";
import { listOutboxForFacilitators } from "~/email/email-service.server";
import { t } from "~/i18n/i18n";
import { CopyLink } from "~/ui/copy-field";
import { Pagination, paginate } from "~/ui/pagination";

export const meta: MetaFunction = () => [{ title: t("email.outbox.title") + " · Accord" }];
// invitation links are personal: never kept by a shared cache
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

/** Every email of this deliberation, for its facilitators only (invitation links in it are personal). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"]);
  const emails = await listOutboxForFacilitators(context.app, ctx.deliberation.id, { hideReminderRecipients: ctx.deliberation.attributionMode === "anonymous" });
  const page = paginate(emails, new URL(request.url).searchParams.get("page"), 50);
  return { smtp: Boolean(context.app.config.SMTP_URL), emails: page.items, page: page.page, pages: page.pages };
}

export default function Outbox() {
  const { t } = useTranslation();
  const f = useFormat();
  const d = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="outbox-title">
      <h2 id="outbox-title">{t("email.outbox.title")}</h2>
      <p className="muted">{t("email.outbox.intro")}</p>
      <p className={d.smtp ? "muted" : "notice warn"}>{t(d.smtp ? "email.outbox.smtp" : "email.outbox.noSmtp")}</p>
      {d.emails.length === 0 ? (
        <p className="card">{t("email.outbox.empty")}</p>
      ) : (
        <ul className="outbox-list">
          {d.emails.map((e) => (
            <li key={e.id} className="card" data-testid="outbox-email">
              <p className="outbox-subject"><strong>{e.subject}</strong></p>
              <dl className="outbox-facts">
                <dt>{t("email.outbox.recipient")}</dt><dd>{e.recipient}</dd>
                <dt>{t("email.outbox.kind")}</dt><dd>{t(`email.outbox.kinds.${e.kind}`)}</dd>
                <dt>{t("email.outbox.status")}</dt><dd>{t(`email.outbox.statuses.${e.status}`)}{e.status === "pending" && e.lastError ? ` · ${e.lastError}` : ""}</dd>
                <dt>{t("email.outbox.created")}</dt><dd><time dateTime={e.createdAt}>{f.utcDateTime(e.createdAt, "short")}</time></dd>
              </dl>
              <CopyLink label={t("email.outbox.copyLink")} href={e.link} />
            </li>
          ))}
        </ul>
      )}
      <Pagination page={d.page} pages={d.pages} />
    </section>
  );
}
