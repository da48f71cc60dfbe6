import type { AppContext } from "../context/app-context.server";
import { findDeliberationDefaultLanguage } from "../deliberation/deliberation-repository.server";
import { isLanguage, negotiateLanguage, parseAcceptLanguage, type Language } from "../i18n/languages";
import { getUser, isSecureRequest } from "./session.server";
import { updateUserLanguage } from "./user-repository.server";

/** The cookie the language switcher sets for someone not signed in (a signed-in person's choice is saved on their account). */
export const LANGUAGE_COOKIE = "accord_lang";

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** The language cookie's header: a year, the whole site, readable by no script. */
export function languageCookie(language: Language, secure: boolean): string {
  return `${LANGUAGE_COOKIE}=${language}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly${secure ? "; Secure" : ""}`;
}

/** What can be decided without the database: `?lang=`, the cookie, the browser (a refusal before Remix runs uses it). */
export function quickRequestLanguage(request: Request): Language {
  return languageOfHeaders(new URL(request.url).searchParams.get("lang"), request.headers.get("Cookie"), request.headers.get("Accept-Language"));
}

/** `quickRequestLanguage` from raw parts (a WebSocket upgrade has no Fetch request). */
export function languageOfHeaders(query: string | null | undefined, cookieHeader: string | null | undefined, acceptLanguage: string | null | undefined): Language {
  return negotiateLanguage({ query, cookie: readCookie(cookieHeader ?? null, LANGUAGE_COOKIE), acceptLanguage });
}

/**
 * The language a request is served in (decision 051): `?lang=`, else the signed-in person's saved
 * choice, else the switcher's cookie, else the browser's Accept-Language, else — on a
 * deliberation's pages — its default language, else English.
 */
export async function chooseRequestLanguage(app: AppContext, request: Request): Promise<Language> {
  const url = new URL(request.url);
  const query = url.searchParams.get("lang");
  if (isLanguage(query)) return query;
  const user = await getUser(app, request);
  const deliberationId = url.pathname.match(/^\/d\/([^/]+)/)?.[1];
  const cookie = readCookie(request.headers.get("Cookie"), LANGUAGE_COOKIE);
  const needsDefault = !user?.language && !isLanguage(cookie) && parseAcceptLanguage(request.headers.get("Accept-Language")).length === 0;
  return negotiateLanguage({
    saved: user?.language,
    cookie,
    acceptLanguage: request.headers.get("Accept-Language"),
    deliberationDefault: deliberationId && needsDefault ? await findDeliberationDefaultLanguage(app.db, deliberationId) : null,
  });
}

/**
 * A person chose `language` with the switcher: saved on their account when signed in (their emails
 * follow it too), and in a cookie either way. Returns the Set-Cookie header.
 */
export async function saveLanguageChoice(app: AppContext, request: Request, language: Language): Promise<string> {
  const user = await getUser(app, request);
  if (user) await updateUserLanguage(app.db, user.id, language);
  return languageCookie(language, isSecureRequest(request));
}
