import { describe, expect, it } from "vitest";
import { makeRedactor, NAME_REMOVED } from "../../app/report/build-report";

const R = NAME_REMOVED;

describe("makeRedactor: names typed differently are still found", () => {
  const redact = makeRedactor(["Lucía Fernández", "Siobhán O’Connor", "Zoë Okafor", "Delegate 17", "Observer 3", "Facilitator"]);
  const missed: [what: string, text: string, expected: string][] = [
    ["without accents", "As Lucia Fernandez said.", `As ${R} said.`],
    ["in capitals, accents dropped", "LUCIA FERNANDEZ agreed", `${R} agreed`],
    ["decomposed accents", "Zo\u0065\u0308 Okafor said", `${R} said`],
    ["with a straight apostrophe for a curly one", "Ask Siobhan O'Connor.", `Ask ${R}.`],
    ["with a curly apostrophe for a straight one", "Ask O’Connor.", `Ask ${R}.`],
    ["with a zero-width character inside", "As Luc\u200Bía Fern\u2060ández said", `As ${R} said`],
    ["with a soft hyphen or bidi control inside", "Ferná\u00ADndez and Lu\u202Ecía\u202C", `${R} and ${R}`],
    ["with two spaces or a line break between the names", "Lucía  Fernández and Lucía\nFernández", `${R} and ${R}`],
    ["a first name alone", "Lucía thinks so; so does Zoe.", `${R} thinks so; so does ${R}.`],
    ["a last name alone", "Fernandez and Okafor disagree", `${R} and ${R} disagree`],
    ["a possessive", "Lucía's point", `${R}'s point`],
  ];
  it.each(missed)("%s", (_what, text, expected) => {
    expect(redact(text)).toBe(expected);
  });
});

describe("makeRedactor: common words that are also names are not removed", () => {
  const redact = makeRedactor(["AI", "Will Hope", "Mark", "Ed", "Delegate 7", "Observer 2", "Facilitator", "Rose Grant"]);
  const kept: [what: string, text: string, expected: string][] = [
    ["a display name that is a common word (AI)", "AI labs must report AI incidents.", "AI labs must report AI incidents."],
    ["a display name shorter than 3 letters", "Ed said the edge case matters.", "Ed said the edge case matters."],
    ["a single name that is an English word", "We will mark the line with hope.", "We will mark the line with hope."],
    ["the words of a pseudonym alone", "Every delegate and observer; the facilitator.", "Every delegate and observer; the facilitator."],
    ["but a full name of common words is still removed", "As Will Hope and Rose Grant said, delegate 7 too.", `As ${R} and ${R} said, ${R} too.`],
  ];
  it.each(kept)("%s", (_what, text, expected) => {
    expect(redact(text)).toBe(expected);
  });
});
