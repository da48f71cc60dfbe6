import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "../../app/auth/safe-redirect";
import { HOSTILE_REDIRECTS } from "../helpers/hostile-redirects";


describe("safeRedirectPath", () => {
  it.each(HOSTILE_REDIRECTS.map((to) => [JSON.stringify(to), to]))("%s falls back to /", (_label, to) => {
    expect(safeRedirectPath(to)).toBe("/");
  });

  it("falls back for anything that is not a string", () => {
    expect(safeRedirectPath(null)).toBe("/");
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath(new File([], "x"))).toBe("/");
    expect(safeRedirectPath("//evil.example", "/reports")).toBe("/reports");
  });

  it("keeps same-origin paths with their query and fragment, normalised", () => {
    expect(safeRedirectPath("/")).toBe("/");
    expect(safeRedirectPath("/d/abc/vote?card=2&saved=1")).toBe("/d/abc/vote?card=2&saved=1");
    expect(safeRedirectPath("/d/abc#proposal-3")).toBe("/d/abc#proposal-3");
    expect(safeRedirectPath("/d/abc/../xyz")).toBe("/d/xyz");
    expect(safeRedirectPath("/reports?q=a%20b")).toBe("/reports?q=a%20b");
  });
});
