import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { deadlineForPage } from "~/deliberation/deadline-service.server";
import { t, dynamicKey } from "~/i18n/i18n";
import { loadRoom, qrSvg } from "~/room/room-service.server";
import { DeadlineNotice } from "~/ui/deadline-notice";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? t("room.title")} · ${t("room.title")} · Accord` }];
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

/** Shown to a whole room: no site header (it names who is signed in), see root.tsx. */
export const handle = { bare: true };

/** How often an open room view asks for fresh numbers. */
const REFRESH_MS = 4000;

/**
 * The room view for a projector in an in-person session (outside the deliberation layout, no site
 * header): question, phase, a QR code to vote on a phone, live turnout by group, and after close
 * the consensus board in large type. Aggregates only: no names in any attribution mode.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  const [room, deadline] = await Promise.all([loadRoom(ctx), deadlineForPage(ctx)]);
  const voteUrl = `${new URL(request.url).origin}/d/${ctx.deliberation.id}/vote`;
  // why an automatic advance failed is for the facilitators' own pages, not a projected screen
  return { id: ctx.deliberation.id, ...room, deadline: deadline ? { ...deadline, failure: null } : null, voteUrl, qr: await qrSvg(voteUrl) };
}

const pct = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 100) : 0);

export default function Room() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const { revalidate, state } = useRevalidator();
  // numbers follow the room without a reload: ask again every few seconds while the page is visible
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && state === "idle") revalidate();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [revalidate, state]);
  const phase = d.round ? t(dynamicKey(`phases.${d.round.phase}.name`)) : null;
  return (
    <div className="room-view">
      <header className="room-head">
        <p className="room-phase" data-testid="room-phase">{d.round ? t("room.phase", { number: d.round.number, phase }) : t("phoneLayout.noRound")}</p>
        <h1>{d.question}</h1>
        <p className="room-title">{d.title}</p>
        {d.deadline ? <DeadlineNotice deadline={d.deadline} room /> : null}
      </header>
      <div className="room-body">
        <section aria-labelledby="room-turnout" className="room-turnout">
          <h2 id="room-turnout">{t("room.turnout", { voters: d.turnout.voters, members: d.turnout.members })}</h2>
          {d.groups.length === 0 ? <p>{t("room.groupsHidden")}</p> : null}
          <ul className="room-bars" data-testid="room-groups">
            {d.groups.map((g) => (
              <li key={g.name}>
                <span className="room-bar-label">{g.name}</span>
                <span className="room-bar" role="img" aria-label={t("room.groupTurnout", { name: g.name, voters: g.voters, members: g.members })}>
                  <span className="room-bar-fill" style={{ inlineSize: `${pct(g.voters, g.members)}%` }} />
                </span>
                <span className="room-bar-count">{t("room.ofN", { voters: g.voters, members: g.members })}</span>
              </li>
            ))}
          </ul>
        </section>
        {d.board === null ? (
          <aside className="room-qr" aria-labelledby="room-qr-title">
            <h2 id="room-qr-title">{t("room.voteOnPhone")}</h2>
            {/* the SVG comes from the qrcode package, built from our own URL */}
            <div className="qr" role="img" aria-label={t("room.qrLabel", { url: d.voteUrl })} dangerouslySetInnerHTML={{ __html: d.qr }} />
            <p className="room-url">{d.voteUrl}</p>
          </aside>
        ) : (
          <section aria-labelledby="room-board" className="room-board">
            <h2 id="room-board">{t("room.board")}</h2>
            {d.board === "computing" ? (
              <p role="status">{t("room.computing")}</p>
            ) : (
              <ol>
                {d.board.map((s) => (
                  <li key={s.title}>
                    <span className={`badge ${s.classification}`}>{t(`consensus.classificationShort.${s.classification}`)}</span> {s.title}
                  </li>
                ))}
              </ol>
            )}
          </section>
        )}
      </div>
      <p className="room-foot">
        <Link to={`/d/${d.id}`}>{t("room.back")}</Link>
      </p>
    </div>
  );
}
