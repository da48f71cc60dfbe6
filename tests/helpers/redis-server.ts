import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import IORedis from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { openRedis, type RedisLink } from "../../app/scale/redis.server";
import { freePort } from "./pg-cluster";

/**
 * A throwaway redis-server for tests: on a free port bound to 127.0.0.1, no persistence, in a
 * temporary folder; stopped and deleted afterwards. Nothing is shared with other checkouts.
 */
export interface RedisServer {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

const CANDIDATES = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

export function findRedisServer(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, "redis-server"))) return path.join(dir, "redis-server");
  }
  return CANDIDATES.find((p) => existsSync(p));
}

/**
 * Is Redis missing where it must not be? When the PostgreSQL run is required (TEST_POSTGRES=require),
 * on CI, or with TEST_REDIS=require, a missing redis-server fails the tests instead of skipping them.
 */
export function redisRequired(): boolean {
  return process.env.TEST_POSTGRES === "require" || process.env.CI === "true" || process.env.TEST_REDIS === "require";
}

/**
 * For `describe.skipIf(!redis.available)(redis.title("…"), …)`: skipped, with the reason in its
 * name, only when redis-server is not installed and not required; required and missing, it throws.
 */
export function redisForTests(): { available: boolean; title: (name: string) => string } {
  const available = findRedisServer() !== undefined;
  if (!available && redisRequired()) {
    throw new Error("redis-server is not installed, and Redis tests are required here (TEST_POSTGRES=require, CI or TEST_REDIS=require): install Debian's redis-server package.");
  }
  return { available, title: (name) => (available ? name : `${name} (skipped: redis-server is not installed)`) };
}

async function answersPing(url: string): Promise<boolean> {
  const client = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function startRedisServer(): Promise<RedisServer> {
  const bin = findRedisServer();
  if (!bin) throw new Error("redis-server is not installed: install Debian's redis-server package.");
  const dir = mkdtempSync(path.join(tmpdir(), "accord-redis-"));
  // another checkout may take the port between our probe and the start: try a few
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(bin, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let gone = false;
    void exited.then(() => (gone = true));
    const url = `redis://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    while (!gone && Date.now() < deadline && !(await answersPing(url))) await new Promise((r) => setTimeout(r, 50));
    if (!gone && Date.now() < deadline) {
      return {
        url,
        port,
        stop: async () => {
          if (!gone) {
            child.kill("SIGTERM");
            await exited;
          }
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    child.kill("SIGKILL");
    await exited;
    if (attempt >= 3) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`redis-server did not start:\n${output}`);
    }
  }
}

/**
 * Inside a describe: a redis-server started before its tests and stopped after them, and `link()`
 * opening connections to it as the app does (a connection error fails the test), all closed after.
 */
export function useRedisServer(): { url: () => string; link: () => Promise<RedisLink> } {
  let server: RedisServer | undefined;
  const links: RedisLink[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const l of links.splice(0)) await l.close();
    await server?.stop();
  });
  return {
    url: () => server!.url,
    link: async () => {
      const l = await openRedis(server!.url, (error) => {
        throw error;
      });
      links.push(l);
      return l;
    },
  };
}
