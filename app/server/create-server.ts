import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import type { AddressInfo } from "node:net";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createDatabase, sqlitePath, type DatabaseConfig, type DB } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { announceServer } from "../../db/server-lock";
import { isAllowedMutationOrigin } from "../auth/origin-check";
import { getEnv } from "../env.server";
import { createAuthRateLimits, rateLimitConfig, type RateLimitConfig } from "../scale/rate-limiter.server";
import type { Locks } from "../scale/locks";
import { createAppContext, type AppContext, type Clock } from "../context/app-context.server";
import { startDeadlinePoller } from "../deliberation/deadline-service.server";
import { clientAddress, trustedProxies } from "../auth/client-address";
import { createCspNonce, DEFAULT_SECURITY_HEADERS } from "../security-headers.server";
import { readBodyWithinLimit } from "./body-limit";
import { createRemixHandler } from "./remix-handler";
import { seedDemoIfEmpty } from "../demo/seed-demo.server";
import { warmResultsCache } from "../results/round-results.server";
import { backfillSnapshots } from "../results/results-source.server";
import { installResultsHandlers } from "../results/install.server";
import { installEmailHandlers } from "../email/install.server";
import { closeOutboxSender } from "../email/outbox-sender.server";
import { createCollab, type Collab, type CollabOptions } from "../collab/collab-server.server";
import { discardUnfinishedImports, IMPORT_LOCK_TTL_MS } from "../interop/polis-import.server";
import { createLogger, installLogger, type Logger } from "../observability/logger.server";
import { createMetrics } from "../observability/metrics.server";
import { createReadiness, databaseCheck, notConfigured } from "../observability/readiness.server";
import { chooseLanguage, guessLanguage, inRequestContext, observeRequests } from "./request-observer";
import { openRedis, redisCheck } from "../scale/redis.server";
import { createRedisLocks } from "../scale/redis-locks.server";
import { CROSS_INSTANCE_EVENTS, relayEvents } from "../scale/redis-event-relay.server";
import { t } from "../i18n/i18n";
import { runInLanguage } from "../i18n/request-language.server";
import "../i18n/server-languages.server";

/** The one route that takes uploads (a Polis export); it has its own, larger body limit. */
const UPLOAD_PATH = "/deliberations/import";

export interface ServerOptions {
  mode: "development" | "production";
  port: number;
  host?: string;
  /** SQLite file or PostgreSQL URL (docs/decisions/029). */
  database: DatabaseConfig;
  /** Folder holding build/ (production) or the Vite project (development). */
  root?: string;
  seedDemo?: boolean;
  /** The logger (tests capture it); by default JSON lines on stdout at LOG_LEVEL. */
  logger?: Logger;
  /** Overrides METRICS_TOKEN (tests): the bearer token `/metrics` requires; unset, `/metrics` is 404. */
  metricsToken?: string;
  collab?: CollabOptions;
  /** Overrides of the sign-in rate limits (tests); the rest come from the environment. */
  rateLimits?: Partial<RateLimitConfig>;
  /** Overrides TRUST_PROXY (tests): the proxies whose X-Forwarded-* headers are believed. */
  trustProxy?: string;
  /** Work that runs once across instances; by default Redis locks with REDIS_URL, else in-process. */
  locks?: Locks;
  /** Overrides REDIS_URL (tests): the Redis linking several instances (docs/decisions/032). */
  redisUrl?: string;
  /** The application clock (tests put it past a deadline); by default the system clock. */
  clock?: Clock;
}

export interface RunningServer {
  url: string;
  db: DB;
  /** The server's application context (docs/decisions/031): what its loaders, actions and collab server use. */
  app: AppContext;
  collab: Collab;
  close: () => Promise<void>;
}

/**
 * The one Node server: migrations and demo seed first, then Express hosting Remix (with Vite
 * middleware in development). Later issues hand WebSocket upgrades to Hocuspocus here too.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const env = getEnv();
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL });
  installLogger(logger);
  const log = (line: string) => logger.info(line);
  const root = options.root ?? process.cwd();
  if (env.sessionSecretSource !== "environment") {
    log(`Session secret: generated for this machine and kept in ${env.sessionSecretSource.file}; set SESSION_SECRET (32+ characters) for a real deployment.`);
  }

  // before the database: a Redis that cannot be reached stops the start with a sentence
  const redisUrl = options.redisUrl ?? env.REDIS_URL;
  const redis = redisUrl ? await openRedis(redisUrl, (err, connection) => logger.warn({ err, connection }, "Redis connection error")) : undefined;
  const db = createDatabase(options.database);
  // One set of limiters per server, in memory (a restart forgets them: docs/decisions/020), or
  // in Redis, shared by every instance (docs/decisions/032).
  const rateLimits = createAuthRateLimits({ ...rateLimitConfig(env), ...options.rateLimits }, redis?.client);
  // Recomputes (and later deadlines) run once across instances: held in Redis when there is one.
  const locks = options.locks ?? (redis ? createRedisLocks(redis.client, { onLost: (key) => logger.warn({ key }, "a lock expired while its work was still running") }) : undefined);
  // The one application context of this server, handed to Remix, the collab server and the results pipeline.
  const appContext = createAppContext({ db, config: env, rateLimits, ...(locks ? { locks } : {}), ...(options.clock ? { clock: options.clock } : {}) });
  // Logouts, removals and phase changes act on sockets wherever they are: they cross instances.
  const stopRelay = redis
    ? await relayEvents({ publisher: redis.client, subscriber: redis.connect("events"), channel: "accord:events", bus: appContext.events, types: CROSS_INSTANCE_EVENTS, onError: (err) => logger.warn({ err }, "an event from another instance was unreadable") })
    : undefined;
  await migrateToLatest(db);
  const discardImports = async () => {
    const discarded = await discardUnfinishedImports(appContext);
    if (discarded > 0) log(`Removed ${discarded} Polis import(s) that the last stop cut short.`);
  };
  await discardImports();
  // An instance killed just now still holds its imports' locks until they expire: look once more then.
  const recheckImports = redis
    ? setTimeout(() => void discardImports().catch((err) => logger.error({ err }, "removing interrupted Polis imports failed")), IMPORT_LOCK_TTL_MS + 1000)
    : undefined;
  recheckImports?.unref();
  installResultsHandlers(appContext);
  installEmailHandlers(appContext);
  if (options.seedDemo ?? env.SEED_DEMO === "true") {
    const seeded = await seedDemoIfEmpty(appContext);
    if (seeded) log(`Seeded the demo deliberation "${seeded.title}".`);
  }
  // closed rounds of databases from before snapshots are frozen as they are, once
  await backfillSnapshots(db);
  await warmResultsCache(appContext);
  // scheduled phase advances: the first pass fires those that fell due while no server ran
  const deadlines = startDeadlinePoller(appContext, env.DEADLINE_POLL_MS);

  const metrics = createMetrics({ token: options.metricsToken ?? env.METRICS_TOKEN });
  const readiness = createReadiness();
  readiness.register("database", databaseCheck(db));
  readiness.register("redis", redis ? redisCheck(redis.client) : notConfigured("REDIS_URL is not set: this instance runs alone"));
  const unobserve = [
    appContext.events.subscribe((event, origin) => {
      if (event.type === "votes-changed" && origin === "local") metrics.countVote();
    }),
    appContext.scheduler.observe(({ seconds, outcome }) => metrics.observeRecompute(outcome === "computed" ? "ok" : outcome, seconds)),
  ];

  const app = express();
  app.disable("x-powered-by");
  // One rule for every X-Forwarded-* header: the client address of rate limits, and Express's
  // protocol and host (Secure cookies). Without TRUST_PROXY the socket's peer is the client.
  const trusted = trustedProxies(options.trustProxy ?? env.TRUST_PROXY);
  app.set("trust proxy", (address: string) => trusted(address));

  app.use(observeRequests({ logger, metrics, trusted }));
  const allowedOrigins = (env.APP_ORIGIN ?? "").split(",").map((s) => s.trim()).filter(Boolean);

  app.use((req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of Object.entries(DEFAULT_SECURITY_HEADERS)) res.setHeader(name, value);
    if (
      // a mail provider's one-click unsubscribe (RFC 8058) posts from no page at all: its signed link is its authority
      !req.path.startsWith("/unsubscribe/") &&
      !isAllowedMutationOrigin({
        method: req.method,
        host: req.headers.host,
        origin: req.headers.origin,
        referer: req.headers.referer,
        allowedOrigins,
      })
    ) {
      res.status(403).type("text/plain").send(runInLanguage(guessLanguage(req), () => t("errors.crossSite")));
      return;
    }
    next();
  });
  // before anything else reads the body: counted on the bytes received, past the limit 413 and close
  app.use(readBodyWithinLimit({ bodyBytes: env.BODY_LIMIT_BYTES, uploads: [{ path: UPLOAD_PATH, bytes: env.UPLOAD_LIMIT_BYTES }] }));

  let build: ServerBuild | (() => Promise<ServerBuild>);
  let closeVite: (() => Promise<void>) | undefined;
  if (options.mode === "development") {
    const vite = await import("vite");
    const devServer = await vite.createServer({ root, server: { middlewareMode: true }, appType: "custom" });
    app.use(devServer.middlewares);
    build = () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    closeVite = () => devServer.close();
  } else {
    const clientDir = path.join(root, "build/client");
    // a file of the client build answers under this label; a request that reaches Remix gets its route id
    app.use((_req: Request, res: Response, next: NextFunction) => {
      res.locals.route = "(static)";
      next();
    });
    app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(clientDir, { maxAge: "1h" }));
    build = (await import(pathToFileURL(path.join(root, "build/server/index.js")).href)) as ServerBuild;
  }

  const remix = createRemixHandler(build, options.mode, (req, res) => ({
    clientAddress: clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trusted),
    app: appContext,
    cspNonce: createCspNonce(),
    requestId: res.locals.requestId as string,
    readiness,
    metrics,
  }));
  app.all("*", chooseLanguage(appContext), inRequestContext(remix));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    ((res.locals.log as Logger | undefined) ?? logger).error({ err }, "unhandled server error");
    if (!res.headersSent) res.status(500).type("text/plain").send(`${t("errors.generic")} ${t("errors.reference", { id: res.locals.requestId as string })}`);
  });

  const server = http.createServer(app);
  // WebSocket upgrades on /collab go to Hocuspocus, on the same port as Remix.
  const collab = createCollab({
    app: appContext,
    storeDebounceMs: Number(process.env.COLLAB_STORE_DEBOUNCE_MS ?? 2000),
    trustedProxy: trusted,
    ...(redis ? { redis: { createClient: () => redis.connect("collab") } } : {}),
    ...options.collab,
  });
  collab.attach(server);
  metrics.countWebSocketsWith(() => collab.connectionCount());
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? env.HOST, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  // `<db>.server.pid` tells `npm run db:restore` that this SQLite file is in use (removed at close)
  const file = sqlitePath(options.database);
  const withdrawAnnouncement = file ? announceServer(file) : () => {};

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearTimeout(recheckImports);
      await collab.close(); // stores every open document before anything else closes
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections?.();
        setTimeout(() => server.closeAllConnections?.(), 2000).unref();
      });
      await closeVite?.();
      await deadlines.stop();
      await appContext.background.stop();
      closeOutboxSender(appContext);
      await appContext.scheduler.stop();
      for (const stop of unobserve) stop();
      await db.destroy();
      await stopRelay?.();
      await redis?.close();
      withdrawAnnouncement();
    })());
  return { url, db, app: appContext, collab, close };
}
