import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { saveLanguageChoice } from "~/auth/request-language.server";
import { safeRedirectPath } from "~/auth/safe-redirect";
import { readForm } from "~/forms/parse.server";
import { isLanguage } from "~/i18n/languages";
import { refuse } from "~/refusal";

/** The switcher's address has no page of its own: back to the start. */
export const loader = () => redirect("/");

/** The language switcher (app/ui/language-switcher.tsx): saves the choice, then back to the page it was on, now in that language. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const language = form.get("language");
  if (!isLanguage(language)) refuse(400, "language.unknown");
  const cookie = await saveLanguageChoice(context.app, request, language);
  const back = new URL(safeRedirectPath(form.get("redirectTo")), "http://accord.invalid");
  back.searchParams.delete("lang");
  return redirect(back.pathname + back.search, { headers: { "Set-Cookie": cookie } });
}
