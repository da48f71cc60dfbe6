import type { en } from "./en";

/** The plural categories of CLDR (Intl.PluralRules): each language uses its own subset. */
export type PluralCategory = "zero" | "one" | "two" | "few" | "many" | "other";

type PluralBase<K> = K extends `${infer Base}_${PluralCategory}` ? Base : never;

/**
 * The shape every language's strings must have: the English key set, where a plural key (`x_one`,
 * `x_other`) may instead carry the plural categories of that language (`x_zero` … `x_other` in
 * Arabic, only `x_other` in Chinese). tests/unit/i18n-locales.test.ts checks the exact categories
 * and the interpolation variables at run time.
 */
export type LocaleStrings<T = typeof en> = {
  [K in keyof T as K extends `${string}_${PluralCategory}` ? never : K]: T[K] extends string ? string : LocaleStrings<T[K]>;
} & {
  [K in keyof T as K extends `${string}_${PluralCategory}` ? `${PluralBase<K>}_${PluralCategory}` : never]?: string;
};
