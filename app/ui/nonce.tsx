import { createContext, useContext } from "react";

/**
 * This response's Content-Security-Policy nonce, provided by entry.server for the inline scripts
 * of the document. In the browser the context stays "": browsers hide nonce attributes from the
 * DOM, so "" is what hydration finds there.
 */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);

/**
 * Browser only: the page's nonce, for code that inserts its own `<style>` element (CodeMirror).
 * The hidden attribute still reaches scripts through the element's `nonce` property.
 */
export function documentNonce(): string {
  return document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce ?? "";
}
