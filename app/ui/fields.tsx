import { useId } from "react";

interface BaseProps {
  name: string;
  /** a stable id (e.g. for an error summary's links); a generated one otherwise */
  id?: string;
  label: string;
  hint?: string;
  errors?: string[];
}

/**
 * The direction of what is typed: free text follows its own first strong letter ("auto"), so Arabic
 * can be typed on an English page and English on an Arabic one; addresses and links read left to right.
 */
function typedDirection(type: string | undefined): "auto" | "ltr" | undefined {
  if (type === undefined || type === "text" || type === "search") return "auto";
  return type === "email" || type === "url" ? "ltr" : undefined;
}

function Errors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error">
      {errors.join(" ")}
    </p>
  );
}

/** Label, hint and error wired to the control with aria-describedby / aria-invalid. */
export function TextField(props: BaseProps & { type?: string; defaultValue?: string; maxLength?: number; required?: boolean; autoComplete?: string; inputMode?: "numeric" | "text" | "url"; lang?: string; dir?: "ltr" | "rtl" | "auto" }) {
  const generatedId = useId();
  const id = props.id ?? generatedId;
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const describedBy = [props.hint ? hintId : null, props.errors?.length ? errId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? <p id={hintId} className="hint">{props.hint}</p> : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        dir={props.dir ?? typedDirection(props.type)}
        defaultValue={props.defaultValue}
        maxLength={props.maxLength}
        required={props.required}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        lang={props.lang}
        aria-invalid={props.errors?.length ? true : undefined}
        aria-describedby={describedBy}
      />
      <Errors id={errId} errors={props.errors} />
    </div>
  );
}

export function TextArea(props: BaseProps & { defaultValue?: string; maxLength?: number; required?: boolean; rows?: number; lang?: string; dir?: "ltr" | "rtl" | "auto" }) {
  const generatedId = useId();
  const id = props.id ?? generatedId;
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const describedBy = [props.hint ? hintId : null, props.errors?.length ? errId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? <p id={hintId} className="hint">{props.hint}</p> : null}
      <textarea
        id={id}
        name={props.name}
        defaultValue={props.defaultValue}
        maxLength={props.maxLength}
        required={props.required}
        rows={props.rows ?? 3}
        lang={props.lang}
        dir={props.dir ?? "auto"}
        aria-invalid={props.errors?.length ? true : undefined}
        aria-describedby={describedBy}
      />
      <Errors id={errId} errors={props.errors} />
    </div>
  );
}

export function SelectField(props: BaseProps & { defaultValue?: string; options: { value: string; label: string; disabled?: boolean }[]; groups?: { label: string; options: { value: string; label: string }[] }[]; required?: boolean; placeholder?: string; describedBy?: string }) {
  const generatedId = useId();
  const id = props.id ?? generatedId;
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const describedBy = [props.hint ? hintId : null, props.describedBy ?? null, props.errors?.length ? errId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? <p id={hintId} className="hint">{props.hint}</p> : null}
      <select
        id={id}
        name={props.name}
        defaultValue={props.defaultValue ?? ""}
        required={props.required}
        aria-invalid={props.errors?.length ? true : undefined}
        aria-describedby={describedBy}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>{o.label}</option>
        ))}
        {props.groups?.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>{o.label}</option>
            ))}
          </optgroup>
        ))}
      </select>
      <Errors id={errId} errors={props.errors} />
    </div>
  );
}

/** A form-level error summary, announced to screen readers. */
export function FormErrors({ errors, title }: { errors?: string[]; title?: string }) {
  if (!errors?.length) return null;
  return (
    <div className="notice error" role="alert">
      {title ? <p><strong>{title}</strong></p> : null}
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  );
}
