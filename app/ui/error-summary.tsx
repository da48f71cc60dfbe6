import { useEffect, useRef } from "react";

export interface SummaryField {
  name: string;
  id: string;
  label: string;
}

/**
 * A refused form's summary at its top: it takes focus (the `autofocus` attribute when the 400
 * page loads without JavaScript, an effect with it) and links to each field at fault, so on a
 * phone nobody has to scroll to find what went wrong.
 */
export function ErrorSummary({ title, errors, fields, extra }: { title: string; errors: Record<string, string[]>; fields: readonly SummaryField[]; extra?: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = fields.filter((f) => errors[f.name]?.length);
  const shown = entries.length > 0 || (extra?.length ?? 0) > 0;
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [errors, shown]);
  if (!shown) return null;
  return (
    <div ref={ref} className="notice error error-summary" role="alert" tabIndex={-1} autoFocus aria-labelledby="error-summary-title">
      <p id="error-summary-title"><strong>{title}</strong></p>
      {extra?.map((e) => <p key={e}>{e}</p>)}
      {entries.length > 0 ? (
        <ul>
          {entries.map((f) => (
            <li key={f.name}>
              <a
                href={`#${f.id}`}
                onClick={(event) => {
                  const target = document.getElementById(f.id);
                  if (!target) return;
                  event.preventDefault();
                  target.scrollIntoView({ block: "center" });
                  target.focus();
                }}
              >
                {f.label}: {errors[f.name]!.join(" ")}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
