import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { RefusedForm } from "~/refusal";
import { TextField } from "./fields";

/**
 * The settings' danger zone: archive (read-only, reversible) and delete (typing the exact title).
 * Both are plain forms, so the confirmations work without JavaScript; `action` ends in this
 * section's anchor, so a refused confirmation comes back scrolled to its message.
 */
export function LifecycleSettings(props: { action: string; title: string; archived: boolean; reports: number; reportsPublic: boolean; archiveRefused: RefusedForm | null; deleteRefused: RefusedForm | null; saved: string | null }) {
  const { t } = useTranslation();
  const { archiveRefused, deleteRefused } = props;
  const typed = deleteRefused?.values.confirmTitle;
  return (
    <section id="archive-delete" className="card danger-zone" aria-labelledby="lifecycle-title">
      <h2 id="lifecycle-title">{t("lifecycle.title")}</h2>
      {props.saved === "archived" ? <p className="notice ok" role="status">{t("lifecycle.archived")}</p> : null}
      {props.saved === "unarchived" ? <p className="notice ok" role="status">{t("lifecycle.unarchived")}</p> : null}
      {props.archived ? (
        <Form method="post" reloadDocument action={props.action}>
          <p>{t("lifecycle.unarchiveIntro")}</p>
          <button type="submit" name="intent" value="unarchive" className="secondary">{t("lifecycle.unarchive")}</button>
        </Form>
      ) : (
        <Form method="post" reloadDocument action={props.action}>
          <p>{t("lifecycle.archiveIntro")}</p>
          <div className="field">
            <label className="check-row">
              <input type="checkbox" name="confirm" value="yes" aria-describedby={archiveRefused ? "archive-error" : undefined} />
              <span>{t("lifecycle.archiveConfirm")}</span>
            </label>
            {archiveRefused?.errors.confirm ? <p id="archive-error" className="field-error" role="alert">{archiveRefused.errors.confirm.join(" ")}</p> : null}
          </div>
          <button type="submit" name="intent" value="archive" className="secondary">{t("lifecycle.archive")}</button>
        </Form>
      )}
      <h3 id="delete-title">{t("lifecycle.deleteTitle")}</h3>
      <Form method="post" reloadDocument action={props.action} aria-labelledby="delete-title">
        <p>{t("lifecycle.deleteIntro")}</p>
        {props.reports > 0 ? <p><strong>{props.reportsPublic ? t("lifecycle.deleteKeepsPublic", { count: props.reports }) : t("lifecycle.deleteRemovesPrivate")}</strong></p> : null}
        <TextField name="confirmTitle" label={t("lifecycle.deleteTypeTitle", { title: props.title })} defaultValue={typeof typed === "string" ? typed : ""} errors={deleteRefused?.errors.confirmTitle} autoComplete="off" />
        <button type="submit" name="intent" value="delete" className="danger">{t("lifecycle.deleteButton")}</button>
      </Form>
    </section>
  );
}
