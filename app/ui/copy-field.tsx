import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

interface CopyLabels {
  copy: string;
  copied: string;
  failed: string;
}

/**
 * The value shown by `children`, then a Copy button once JavaScript runs (before that there is no
 * button to press: the value is selectable by hand), with a spoken confirmation.
 */
function Copyable({ value, select, labels, children }: { value: string; select: () => void; labels: CopyLabels; children: React.ReactNode }) {
  const [interactive, setInteractive] = useState(false);
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => setInteractive(true), []);
  async function copy() {
    select();
    try {
      if (navigator.clipboard?.writeText) await navigator.clipboard.writeText(value);
      else if (!document.execCommand("copy")) throw new Error("copy refused");
      setStatus("copied");
    } catch {
      setStatus("failed");
    }
  }
  return (
    <>
      <div className="copy-row">
        {children}
        {interactive ? (
          <button type="button" className="secondary" onClick={copy}>
            {labels.copy}
          </button>
        ) : null}
      </div>
      <p className={`copy-status ${status}`} role="status">
        {status === "copied" ? labels.copied : status === "failed" ? labels.failed : ""}
      </p>
    </>
  );
}

/**
 * A link in a read-only field: selectable and copyable by hand without JavaScript (one tap selects
 * it all); once the page is interactive, a Copy button too, with a spoken confirmation.
 */
export function CopyField({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      {hint ? <p id={`${id}-hint`} className="hint">{hint}</p> : null}
      <Copyable value={value} select={() => ref.current?.select()} labels={{ copy: t("returnLink.copy"), copied: t("returnLink.copied"), failed: t("returnLink.copyFailed") }}>
        <textarea
          id={id}
          ref={ref}
          className="copy-value"
          readOnly
          dir="ltr"
          rows={2}
          value={value}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          aria-describedby={hint ? `${id}-hint` : undefined}
          data-testid={testId}
          onFocus={(e) => e.currentTarget.select()}
        />
      </Copyable>
    </div>
  );
}

/** A link shown as itself (a plain, selectable link; wraps on a phone), with a Copy button once JavaScript runs. */
export function CopyLink({ label, href, testId }: { label: string; href: string; testId?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLAnchorElement>(null);
  const select = () => {
    const range = document.createRange();
    if (ref.current) range.selectNodeContents(ref.current);
    window.getSelection()?.removeAllRanges();
    window.getSelection()?.addRange(range);
  };
  return (
    <div className="field copy-field">
      <p id={id} className="label">{label}</p>
      <Copyable value={href} select={select} labels={{ copy: t("reportFlow.copy"), copied: t("reportFlow.copied"), failed: t("reportFlow.copyFailed") }}>
        <a ref={ref} href={href} dir="ltr" className="copy-value copy-link" aria-describedby={id} data-testid={testId}>{href}</a>
      </Copyable>
    </div>
  );
}

/** What every member who joined by link is told about their return link, with the link itself. */
export function ReturnLinkBox({ url, testId = "return-link" }: { url: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="return-link">
      <p>{t("returnLink.isYourKey")}</p>
      <p>
        <strong>{t("returnLink.keepPrivate")}</strong>
      </p>
      <CopyField label={t("returnLink.field")} value={url} testId={testId} />
      <p className="muted">{t("returnLink.saveIt")}</p>
    </div>
  );
}
