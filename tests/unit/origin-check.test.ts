import { describe, expect, it } from "vitest";
import { isAllowedMutationOrigin } from "../../app/auth/origin-check";

const base = { host: "accord.example", allowedOrigins: [] as string[] };

describe("isAllowedMutationOrigin", () => {
  it("lets safe methods through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(isAllowedMutationOrigin({ ...base, method, origin: "https://evil.example", referer: undefined })).toBe(true);
    }
  });
  it("accepts a POST from this site's own origin", () => {
    expect(isAllowedMutationOrigin({ ...base, method: "POST", origin: "https://accord.example", referer: undefined })).toBe(true);
  });
  it("refuses a POST from another site", () => {
    expect(isAllowedMutationOrigin({ ...base, method: "POST", origin: "https://evil.example", referer: undefined })).toBe(false);
    expect(isAllowedMutationOrigin({ ...base, method: "POST", origin: "https://accord.example.evil.example", referer: undefined })).toBe(false);
  });
  it("falls back to Referer, and refuses when both are missing or malformed", () => {
    expect(isAllowedMutationOrigin({ ...base, method: "POST", origin: undefined, referer: "https://accord.example/d/x" })).toBe(true);
    expect(isAllowedMutationOrigin({ ...base, method: "POST", origin: "null", referer: "https://evil.example/" })).toBe(false);
    // an opaque origin is never one of our forms, even with this site's Referer
    expect(isAllowedMutationOrigin({ ...base, method: "POST", origin: "null", referer: "https://accord.example/login" })).toBe(false);
    expect(isAllowedMutationOrigin({ ...base, method: "POST", origin: undefined, referer: undefined })).toBe(false);
    expect(isAllowedMutationOrigin({ ...base, method: "POST", origin: "not a url", referer: undefined })).toBe(false);
  });
  it("accepts configured extra origins", () => {
    expect(isAllowedMutationOrigin({ host: "internal:3000", allowedOrigins: ["https://accord.example"], method: "POST", origin: "https://accord.example", referer: undefined })).toBe(true);
  });
});
