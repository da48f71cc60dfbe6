import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGINS } from "../../app/demo/demo-content";
import ar from "../../app/i18n/locales/ar";
import es from "../../app/i18n/locales/es";
import fr from "../../app/i18n/locales/fr";
import zh from "../../app/i18n/locales/zh";
import { Client, startTestServer } from "../helpers/test-server";

const htmlTag = (html: string) => /<html[^>]*>/.exec(html)?.[0] ?? "";

describe("the interface in the reader's language", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true });
  });
  afterAll(async () => server.stop());

  it("follows the browser's Accept-Language, with <html lang dir> and Content-Language", async () => {
    const c = new Client(server.url);
    for (const [header, lang, strings] of [["fr-FR,fr;q=0.9,en;q=0.5", "fr", fr], ["es-419", "es", es], ["zh-CN", "zh", zh], ["ar-EG,ar;q=0.9", "ar", ar]] as const) {
      const res = await c.get("/login", { "Accept-Language": header });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-language")).toBe(lang);
      const html = await res.text();
      expect(htmlTag(html)).toContain(`lang="${lang}"`);
      expect(htmlTag(html)).toContain(`dir="${lang === "ar" ? "rtl" : "ltr"}"`);
      expect(html).toContain(strings.login.title);
    }
    const english = await (await c.get("/login", { "Accept-Language": "de-DE" })).text();
    expect(htmlTag(english)).toContain('lang="en"');
  });

  it("a French browser gets French refusals and validation messages too", async () => {
    const c = new Client(server.url);
    const res = await c.post("/login", { email: "nobody@example.org", password: "wrong-password-123" }, { "Accept-Language": "fr" });
    const html = await res.text();
    expect(html).toContain(fr.login.failed.slice(0, 30));
    const crossSite = await c.fromOtherSite().post("/login", { email: "x@example.org", password: "y" }, { "Accept-Language": "fr" });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toBe(fr.errors.crossSite);
  });

  it("the switcher (a plain form) saves the choice in a cookie and returns to the page; ?lang= wins for one request", async () => {
    const c = new Client(server.url);
    const res = await c.post("/language", { language: "es", redirectTo: "/login?redirectTo=%2F" }, { "Accept-Language": "fr" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2F");
    expect(res.headers.get("set-cookie")).toMatch(/accord_lang=es; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly/);
    expect(htmlTag(await (await c.get("/login", { "Accept-Language": "fr" })).text())).toContain('lang="es"');
    expect(htmlTag(await (await c.get("/login?lang=zh", { "Accept-Language": "fr" })).text())).toContain('lang="zh"');
    // a redirect elsewhere is refused: it goes home instead
    const away = await c.post("/language", { language: "fr", redirectTo: "https://evil.example/" });
    expect(away.headers.get("location")).toBe("/");
  });

  it("refuses an unknown language with a sentence and changes nothing; a post from another site is refused", async () => {
    const c = new Client(server.url);
    const res = await c.post("/language", { language: "de", redirectTo: "/" });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/does not speak that language/);
    expect(res.headers.get("set-cookie")).toBeNull();
    const crossSite = await c.fromOtherSite().post("/language", { language: "fr", redirectTo: "/" });
    expect(crossSite.status).toBe(403);
  });

  it("a signed-in person's choice is saved on their account and follows them to another browser", async () => {
    const first = new Client(server.url);
    await first.login(DEMO_LOGINS.participant.email, DEMO_LOGINS.participant.password);
    await first.post("/language", { language: "ar", redirectTo: "/" });
    const user = await server.db.selectFrom("users").select("language").where("email", "=", DEMO_LOGINS.participant.email).executeTakeFirstOrThrow();
    expect(user.language).toBe("ar");
    const second = new Client(server.url);
    await second.login(DEMO_LOGINS.participant.email, DEMO_LOGINS.participant.password);
    const home = await (await second.get("/", { "Accept-Language": "en" })).text();
    expect(htmlTag(home)).toContain('lang="ar"');
    expect(htmlTag(home)).toContain('dir="rtl"');
    await second.post("/language", { language: "en", redirectTo: "/" });
  });

  it("on a deliberation's pages, its default language serves a browser that names none Accord speaks", async () => {
    const c = new Client(server.url);
    await c.login(DEMO_LOGINS.facilitator.email, DEMO_LOGINS.facilitator.password);
    const d = await server.db.selectFrom("deliberations").select("id").executeTakeFirstOrThrow();
    const saved = await c.post(`/d/${d.id}/settings`, { intent: "defaultLanguage", defaultLanguage: "fr" }, { "Accept-Language": "de" });
    expect(saved.status).toBe(302);
    const page = await (await c.get(`/d/${d.id}`, { "Accept-Language": "de" })).text();
    expect(htmlTag(page)).toContain('lang="fr"');
    // the browser's own supported language still comes first
    expect(htmlTag(await (await c.get(`/d/${d.id}`, { "Accept-Language": "es" })).text())).toContain('lang="es"');
    const bad = await c.post(`/d/${d.id}/settings`, { intent: "defaultLanguage", defaultLanguage: "xx" });
    expect(bad.status).toBe(400);
    expect((await server.db.selectFrom("deliberations").select("default_language").where("id", "=", d.id).executeTakeFirstOrThrow()).default_language).toBe("fr");
    await c.post(`/d/${d.id}/settings`, { intent: "defaultLanguage", defaultLanguage: "en" });
  });
});
