import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { i18n } from "./i18n/i18n";
import { DEFAULT_LANGUAGE, isLanguage } from "./i18n/languages";
import { loadLanguage } from "./i18n/load-language";

// The server chose the page's language and wrote it on <html lang>: hydrate in it, with its strings loaded first.
const pageLanguage = document.documentElement.lang;
void loadLanguage(i18n, isLanguage(pageLanguage) ? pageLanguage : DEFAULT_LANGUAGE).then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18n}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
});
