import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useMatches, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getUser } from "./auth/session.server";
import { retryAfterFromErrors } from "./auth/retry-after-headers";
import { t as translate } from "./i18n/i18n";
import { useNonce } from "./ui/nonce";
import { ErrorSection } from "./ui/error-page";
import { LanguageSwitcher } from "./ui/language-switcher";
import stylesUrl from "./ui/styles.css?url";

export const headers = retryAfterFromErrors;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** Every page has a title; an error page (rendered by the root boundary) names the error. */
export const meta: MetaFunction = ({ error }) => {
  if (!error) return [{ title: translate("app.name") }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return [{ title: `${translate(`errors.title.${status}`, { defaultValue: translate("errors.title.default") })} · ${translate("app.name")}` }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(context.app, request);
  return { user: user ? { displayName: user.displayName, hasPassword: user.hasPassword } : null };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  const nonce = useNonce();
  // a page shown to a whole room (the room view) has no site header: it would name who is signed in
  const bare = useMatches().some((m) => (m.handle as { bare?: boolean } | undefined)?.bare);
  return (
    <html lang={i18n.language} dir={i18n.dir()}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">{t("nav.skip")}</a>
        {bare ? null : <header className="site-header">
          <Link to="/" className="brand">{t("app.name")}</Link>
          <nav aria-label={t("nav.label")}>
            {user ? (
              <>
                <Link to="/">{t("nav.myDeliberations")}</Link>
                <span className="muted">{t("nav.signedInAs", { name: user.displayName })}</span>
                {user.hasPassword ? <Link to="/account">{t("nav.account")}</Link> : null}
                {user.hasPassword ? (
                  <Form method="post" action="/logout" className="inline">
                    <button type="submit" className="link-button">{t("nav.logout")}</button>
                  </Form>
                ) : (
                  // Joined by link: logging out first shows the warning with their return link.
                  <Link to="/logout">{t("nav.logout")}</Link>
                )}
              </>
            ) : (
              <>
                <Link to="/login">{t("nav.login")}</Link>
                <Link to="/signup">{t("nav.signup")}</Link>
              </>
            )}
          </nav>
        </header>}
        <main id="main" tabIndex={-1}>{children}</main>
        <footer className="site-footer">
          {bare ? null : <p>{t("app.footer")}</p>}
          <LanguageSwitcher />
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

/** The outermost error boundary (a deliberation's pages have their own, inside its layout: routes/d.$id.tsx). */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  return (
    <ErrorSection error={error}>
      <Link to="/">{t("errors.backHome")}</Link>
    </ErrorSection>
  );
}
