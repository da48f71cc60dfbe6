/**
 * Seed taxonomy of red-line categories. Top level follows the International AI Safety Report
 * (malicious use, malfunctions, systemic risks). Keys are stable identifiers stored with each
 * proposal version; labels are translated through i18n (`taxonomy.<key>`).
 */
export const TAXONOMY = {
  malicious_use: ["wmd", "cyber_offence", "manipulation"],
  malfunctions: ["loss_of_control", "self_replication", "deception", "power_seeking", "reliability"],
  systemic: ["labour", "concentration", "privacy", "environment", "surveillance"],
  // For statements that arrive without a category (e.g. imported from Polis) or fit nowhere else.
  other: ["unclassified"],
} as const;

export type TopCategory = keyof typeof TAXONOMY;

/** Every valid category key, e.g. `malfunctions.self_replication`. */
export const CATEGORY_KEYS: readonly string[] = Object.entries(TAXONOMY).flatMap(([top, subs]) =>
  subs.map((sub) => `${top}.${sub}`),
);

export function isCategoryKey(value: string): boolean {
  return CATEGORY_KEYS.includes(value);
}

export const SCOPES = ["development", "deployment", "use"] as const;
export type Scope = (typeof SCOPES)[number];

export const DEFAULT_STAKEHOLDER_GROUPS = [
  { key: "government", name: "Government", targetShare: 0.2 },
  { key: "industry", name: "Industry", targetShare: 0.2 },
  { key: "civil_society", name: "Civil society", targetShare: 0.2 },
  { key: "academia", name: "Academia", targetShare: 0.2 },
  { key: "citizens", name: "Citizens", targetShare: 0.2 },
] as const;

export const DEFAULT_REGIONS = ["Africa", "Asia-Pacific", "Europe", "Latin America", "North America"] as const;
