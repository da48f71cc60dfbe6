import {
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAccountHolder } from "~/auth/session.server";
import { LIMITS } from "~/deliberation/schemas";
import { FormErrors, TextField } from "~/ui/fields";
import { t } from "~/i18n/i18n";
import { parsePolisUploadOffThread } from "~/interop/polis-parse.server";
import { startPolisImport } from "~/interop/polis-import.server";
import { assertWithinLimit } from "~/scale/rate-limiter.server";
import { refuse, refuseFields, type FieldErrors } from "~/refusal";
import { useRefusedForm } from "~/ui/use-refused-form";

export const meta: MetaFunction = () => [{ title: t("importPolis.title") + " · Accord" }];

const MAX_FILE = 10 * 1024 * 1024;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccountHolder(context.app, request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAccountHolder(context.app, request);
  await assertWithinLimit(context.app.rateLimits.importAccount, user.id, "importPolis.tooMany");
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_FILE }));
  } catch (error) {
    // answered on the form (no field at fault), which stays on the page
    if (error instanceof MaxPartSizeExceededError) return refuse(413, "importPolis.tooLarge", { fieldErrors: {} });
    return refuse(400, "errors.notAForm", { fieldErrors: {} });
  }
  const bytes = async (name: string) => {
    const v = form.get(name);
    return v && typeof v !== "string" && v.size > 0 ? new Uint8Array(await v.arrayBuffer()) : null;
  };
  const [comments, votes, participantsVotes] = await Promise.all([bytes("comments"), bytes("votes"), bytes("participantsVotes")]);
  const title = String(form.get("title") ?? "").trim().slice(0, LIMITS.title);
  const errors: FieldErrors = {};
  if (title.length < 3) errors.title = [t("validation.tooShort", { min: 3 })];
  if (!comments) errors.comments = [t("importPolis.missingComments")];
  if (!votes && !participantsVotes) errors.votes = [t("importPolis.missingVotes")];
  if (!comments || Object.keys(errors).length) return refuseFields(errors, { title });
  // counted once the files are read: parsing them is the work the limit protects
  await context.app.rateLimits.importAccount.hit(user.id);
  // files that are not a Polis export are refused (400) with the file and row at fault
  const plan = await parsePolisUploadOffThread({ comments, votes, participantsVotes });
  const jobId = await startPolisImport(context.app, user.id, plan, title);
  return redirect(`/deliberations/import/${jobId}`);
}

export default function ImportPolis() {
  const { t } = useTranslation();
  const refused = useRefusedForm();
  const busy = useNavigation().state !== "idle";
  const e = refused?.errors ?? {};
  const fileField = (name: string, label: string, required = false) => (
    <div className="field">
      <label htmlFor={`file-${name}`}>{label}</label>
      <input id={`file-${name}`} type="file" name={name} accept=".csv,text/csv" required={required} aria-invalid={e[name] ? true : undefined} aria-describedby={e[name] ? `file-${name}-err` : undefined} />
      {e[name] ? <p id={`file-${name}-err`} className="field-error">{e[name].join(" ")}</p> : null}
    </div>
  );
  return (
    <section aria-labelledby="import-title">
      <h1 id="import-title">{t("importPolis.title")}</h1>
      <p className="muted">{t("importPolis.intro")}</p>
      <FormErrors errors={refused ? [refused.message] : undefined} />
      <Form method="post" encType="multipart/form-data" noValidate className="card">
        <TextField name="title" label={t("importPolis.titleField")} maxLength={LIMITS.title} defaultValue={typeof refused?.values.title === "string" ? refused.values.title : undefined} errors={e.title} required />
        {fileField("comments", t("importPolis.comments"), true)}
        <p className="hint">{t("importPolis.filesHint")}</p>
        {fileField("votes", t("importPolis.votes"))}
        {fileField("participantsVotes", t("importPolis.participantsVotes"))}
        <button type="submit" disabled={busy}>{busy ? t("common.working") : t("importPolis.submit")}</button>
      </Form>
      <p><Link to="/">{t("common.cancel")}</Link></p>
    </section>
  );
}
