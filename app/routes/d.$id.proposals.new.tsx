import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { createProposal, requirePhase } from "~/deliberation/proposal-service.server";
import { ProposalSchema } from "~/deliberation/schemas";
import { parseForm } from "~/forms/parse.server";
import { ProposalForm } from "~/ui/proposal-form";

const ROLES = ["facilitator", "participant"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireMember(request, params.id, ROLES);
  requirePhase(ctx, "propose");
  return { id: ctx.deliberation.id };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireMember(request, params.id, ROLES);
  requirePhase(ctx, "propose");
  const parsed = await parseForm(request, ProposalSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const proposalId = await createProposal(ctx, parsed.data);
  return redirect(`/d/${ctx.deliberation.id}/proposals/${proposalId}?saved=1`);
}

export default function NewProposal() {
  const { t } = useTranslation();
  const { id } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section aria-labelledby="propose-title">
      <h2 id="propose-title">{t("proposalForm.newTitle")}</h2>
      <p className="muted">{t("proposalForm.intro")}</p>
      <ProposalForm values={(actionData?.values ?? {}) as Record<string, string>} errors={(actionData?.errors ?? {}) as Record<string, string[]>} submitLabel={t("proposalForm.submit")} />
      <p><Link to={`/d/${id}`}>{t("common.cancel")}</Link></p>
    </section>
  );
}
