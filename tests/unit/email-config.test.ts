import { afterEach, describe, expect, it } from "vitest";
import { getEnv, resetEnvCache } from "../../app/env.server";

// The server reads getEnv() first thing (app/server/create-server.ts): a bad value stops the boot with this sentence.
describe("email configuration, validated at boot", () => {
  const saved = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM };
  const withEnv = (env: Record<string, string>) => {
    Object.assign(process.env, env);
    resetEnvCache();
    return () => getEnv();
  };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  });

  it("accepts smtp:// and smtps:// URLs and a sender with or without a name; empty SMTP_URL means the outbox only", () => {
    expect(withEnv({ SMTP_URL: "smtps://user:pass@mail.example.org:465", MAIL_FROM: "Accord secretariat <secretariat@example.org>" })()).toMatchObject({ SMTP_URL: "smtps://user:pass@mail.example.org:465", MAIL_FROM: "Accord secretariat <secretariat@example.org>" });
    expect(withEnv({ SMTP_URL: "", MAIL_FROM: "accord@example.org" })()).toMatchObject({ SMTP_URL: undefined, MAIL_FROM: "accord@example.org" });
  });

  it("refuses another scheme or a sender that is not an address, with a sentence naming the setting", () => {
    expect(withEnv({ SMTP_URL: "http://mail.example.org" })).toThrow("SMTP_URL: must start with smtp:// or smtps://");
    expect(withEnv({ SMTP_URL: "mail.example.org" })).toThrow("SMTP_URL: must be a URL like smtp://");
    process.env.SMTP_URL = "";
    expect(withEnv({ MAIL_FROM: "Accord" })).toThrow('MAIL_FROM: must be an address like accord@example.org or "Accord <accord@example.org>"');
    expect(withEnv({ MAIL_FROM: "Accord <a@b.org>\r\nBcc: x@y.org" })).toThrow("MAIL_FROM");
  });
});
