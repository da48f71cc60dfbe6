/**
 * Which results view a member gets: participants read the plain view by default (headline, then
 * each red line in words, the statistics folded); facilitators and observers, who study the
 * numbers, the full view. Anyone may ask for either with ?view=plain|full.
 */
export type ResultsView = "plain" | "full";

export function resultsView(role: "facilitator" | "participant" | "observer", requested: string | null): ResultsView {
  if (requested === "plain" || requested === "full") return requested;
  return role === "participant" ? "plain" : "full";
}
