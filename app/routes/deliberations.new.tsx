import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requireAccountHolder } from "~/auth/session.server";
import { createDeliberation } from "~/deliberation/deliberation-service.server";
import { DeliberationSchema } from "~/deliberation/schemas";
import { readValidForm } from "~/forms/parse.server";
import { t } from "~/i18n/i18n";
import { currentLanguage } from "~/i18n/request-language.server";
import { DeliberationForm, defaultDeliberationValues, valuesFromEcho } from "~/ui/deliberation-form";
import { useRefusedForm } from "~/ui/use-refused-form";

export const meta: MetaFunction = () => [{ title: t("newDeliberation.title") + " · Accord" }];

const GROUP_FIELDS = ["groupId", "groupName", "groupShare"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccountHolder(context.app, request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAccountHolder(context.app, request);
  const input = await readValidForm(request, DeliberationSchema, { arrays: GROUP_FIELDS });
  const id = await createDeliberation(context.app.db, user.id, input, currentLanguage());
  return redirect(`/d/${id}/members?created=1`);
}

export default function NewDeliberation() {
  const { t } = useTranslation();
  const refused = useRefusedForm();
  const values = refused ? valuesFromEcho(refused.values) : defaultDeliberationValues(t);
  return (
    <section aria-labelledby="new-title">
      <h1 id="new-title">{t("newDeliberation.title")}</h1>
      <p className="muted">{t("newDeliberation.intro")}</p>
      <DeliberationForm values={values} errors={refused?.errors ?? {}} submitLabel={t("newDeliberation.submit")} />
    </section>
  );
}
