import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAccountHolder } from "~/auth/session.server";
import { createDeliberation } from "~/deliberation/deliberation-service.server";
import { DeliberationSchema } from "~/deliberation/schemas";
import { parseForm } from "~/forms/parse.server";
import { t } from "~/i18n/i18n";
import { DeliberationForm, defaultDeliberationValues, valuesFromEcho } from "~/ui/deliberation-form";

export const meta: MetaFunction = () => [{ title: t("newDeliberation.title") + " · Accord" }];

const GROUP_FIELDS = ["groupId", "groupName", "groupShare"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccountHolder(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAccountHolder(request);
  const parsed = await parseForm(request, DeliberationSchema, GROUP_FIELDS);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const id = await createDeliberation(user.id, parsed.data);
  return redirect(`/d/${id}/members?created=1`);
}

export default function NewDeliberation() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const values = actionData ? valuesFromEcho(actionData.values) : defaultDeliberationValues(t);
  return (
    <section aria-labelledby="new-title">
      <h1 id="new-title">{t("newDeliberation.title")}</h1>
      <p className="muted">{t("newDeliberation.intro")}</p>
      <DeliberationForm values={values} errors={(actionData?.errors ?? {}) as Record<string, string[]>} submitLabel={t("newDeliberation.submit")} />
    </section>
  );
}
