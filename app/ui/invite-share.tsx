import { useTranslation } from "react-i18next";
import { CopyLink } from "./copy-field";

/**
 * A new invitation link for a room: the link with a Copy button, and its QR code (an SVG the
 * server rendered from the link, app/email/qr-code.server.ts) to show on a screen.
 */
export function InviteShare({ link, qrSvg }: { link: string; qrSvg: string }) {
  const { t } = useTranslation();
  return (
    <div className="notice ok invite-share" role="status">
      <div>
        <CopyLink label={t("members.linkReady")} href={link} testId="invite-link" />
        <p className="muted">{t("members.linkOnce")}</p>
      </div>
      <figure className="qr-code">
        {/* the server's own SVG of our own link: no user markup reaches it */}
        <div className="qr-code-image" data-testid="invite-qr" dangerouslySetInnerHTML={{ __html: qrSvg }} />
        <figcaption className="hint">{t("email.qr.hint")}</figcaption>
      </figure>
    </div>
  );
}
