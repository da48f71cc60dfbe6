import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import type { DatabaseConfig } from "../../db/connection";
import { startRedisServer, type RedisServer } from "./redis-server";
import { freshDatabase } from "./test-db";

/**
 * Several real Accord processes (the production build, started as `npm run serve` does) on one
 * PostgreSQL database (a fresh one in the test cluster of tests/helpers/pg-cluster.ts) and one
 * throwaway redis-server, as a deployment behind a load balancer runs them.
 */
export interface Instance {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

export interface Instances {
  instances: Instance[];
  url: (i: number) => string;
  database: DatabaseConfig;
  redisUrl: string;
  /** Signal one instance (SIGKILL: no shutdown, nothing flushed) and wait until it is gone. */
  kill: (i: number, signal?: NodeJS.Signals) => Promise<void>;
  stopAll: () => Promise<void>;
}

/** The environment every instance shares; `env` adds to it (rate limits, SEED_DEMO …). */
export async function startInstances(count: number, env: Record<string, string> = {}): Promise<Instances> {
  const redis: RedisServer = await startRedisServer();
  const fresh = await freshDatabase({ migrated: false });
  const database = fresh.config;
  if (!("url" in database)) throw new Error("several instances need PostgreSQL (TEST_DATABASE=postgres)");
  const shared = {
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    SESSION_SECRET: process.env.SESSION_SECRET ?? "accord-test-session-secret-0123456789abcdef",
    LOG_LEVEL: "info", // the start line, which names the URL, is logged at info
    ...env,
  };
  const instances: Instance[] = [];
  const spawned: Instance[] = []; // started or starting: stopAll ends them all
  const startInstance = (env: Record<string, string>) => spawnInstance(env, (i) => spawned.push(i));
  const stopAll = async () => {
    await Promise.all(spawned.map(async (instance) => {
      if (instance.child.exitCode === null && instance.child.signalCode === null) instance.child.kill("SIGTERM");
      await instance.exited;
    }));
    await redis.stop();
    await fresh.drop();
  };
  try {
    // the first alone: it migrates (and seeds the demo if asked); the others find it done
    instances.push(await startInstance(shared));
    instances.push(...(await Promise.all(Array.from({ length: count - 1 }, () => startInstance({ ...shared, SEED_DEMO: "false" })))));
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    instances,
    url: (i) => instances[i]!.url,
    database,
    redisUrl: redis.url,
    kill: async (i, signal = "SIGKILL") => {
      instances[i]!.child.kill(signal);
      await instances[i]!.exited;
    },
    stopAll,
  };
}

/** One real server process with exactly this environment added (e.g. a lone instance on SQLite). */
export function startServerProcess(env: Record<string, string>): Promise<Instance> {
  return spawnInstance(env, () => {});
}

function spawnInstance(env: Record<string, string>, track: (instance: Instance) => void): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const instance: Instance = { url: "", child, exited, output: () => out };
  track(instance);
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const m = /running at (http:\/\/localhost:\d+)/.exec(out);
      if (m) {
        clearInterval(poll);
        clearTimeout(late);
        instance.url = m[1]!.replace("localhost", "127.0.0.1");
        resolve(instance);
      }
    }, 20);
    child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    const late = setTimeout(() => {
      clearInterval(poll);
      child.kill("SIGKILL");
      reject(new Error(`an instance did not start within 90 s:\n${out}`));
    }, 90_000);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(late);
      reject(new Error(`an instance exited with ${code} before listening:\n${out}`));
    });
  });
}

/**
 * A load balancer in front of the instances, as small as can be: each TCP connection goes to
 * the first instance that accepts it, in order. A client of a killed instance reconnects here
 * and lands on a live one.
 */
export async function startBalancer(targets: () => string[]): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.pause();
    const tryTarget = (i: number) => {
      const list = targets();
      if (i >= list.length) return client.destroy();
      const { hostname, port } = new URL(list[i]!);
      const upstream = net.connect(Number(port), hostname);
      upstream.once("error", () => {
        if (!upstream.readableEnded && !client.destroyed && upstream.bytesRead === 0) tryTarget(i + 1);
        else client.destroy();
      });
      upstream.once("connect", () => {
        sockets.add(upstream);
        upstream.on("close", () => {
          sockets.delete(upstream);
          client.destroy();
        });
        client.on("close", () => upstream.destroy());
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    tryTarget(0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
