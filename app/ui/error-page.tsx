import type { TFunction } from "i18next";
import { isRouteErrorResponse } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The heading and sentence for a caught error: a human sentence for expected failures, a generic one otherwise. */
export function describeError(error: unknown, t: TFunction) {
  if (!isRouteErrorResponse(error)) return { title: t("errors.title.500"), message: t("errors.generic"), reference: null };
  const message =
    (error.data && typeof error.data === "object" && "message" in error.data && typeof error.data.message === "string"
      ? error.data.message
      : // the router's own texts ("Error: No route matches URL …") are for developers, not readers
        typeof error.data === "string" && error.data.length < 300 && !error.data.startsWith("Error: ")
        ? error.data
        : null) ?? t(`errors.status.${error.status}`, { defaultValue: t("errors.generic") });
  // an unexpected error answered by the server (app/server/refusal-adapter.ts) names its request
  const reference = error.data && typeof error.data === "object" && "reference" in error.data && typeof error.data.reference === "string" ? error.data.reference : null;
  return { title: t(`errors.title.${error.status}`, { defaultValue: t("errors.title.default") }), message, reference };
}

/** An error shown as a page section; `children` is the way back (the start page, or the deliberation). */
export function ErrorSection({ error, heading: Heading = "h1", children }: { error: unknown; heading?: "h1" | "h2"; children: React.ReactNode }) {
  const { t } = useTranslation();
  const { title, message, reference } = describeError(error, t);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <Heading id="error-title">{title}</Heading>
      <p role="alert">{message}</p>
      {reference ? <p className="muted">{reference}</p> : null}
      <p>{children}</p>
    </section>
  );
}
