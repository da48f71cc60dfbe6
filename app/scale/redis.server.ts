/**
 * The Redis that links several instances of Accord (REDIS_URL; docs/decisions/032). One
 * connection for commands (locks, rate limits, publishing); a connection in subscriber mode can
 * run nothing else, so the event relay and the Hocuspocus extension open their own through
 * `connect()`. Every connection opened here is closed by `close()`.
 */
import IORedis, { type Redis as RedisClient, type RedisOptions } from "ioredis";
import type { ReadinessCheck } from "../observability/readiness.server";

export type { RedisClient };

export interface RedisLink {
  url: string;
  /** The command connection. */
  client: RedisClient;
  /** Another connection to the same Redis (a subscriber), closed with the link. */
  connect(name: string): RedisClient;
  close(): Promise<void>;
}

/** How a connection's errors are reported: ioredis would otherwise print them to the console. */
export type RedisErrorSink = (error: Error, connection: string) => void;

const OPTIONS: RedisOptions = {
  lazyConnect: true,
  connectTimeout: 5000,
  // a command waits through a short outage, then fails instead of queueing for ever
  maxRetriesPerRequest: 3,
  retryStrategy: (times) => Math.min(times * 200, 2000),
};

/** Where REDIS_URL points, without its password, for messages. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "6379"}`;
  } catch {
    return "REDIS_URL";
  }
}

/**
 * Connect to REDIS_URL and check that it answers; otherwise reject with a sentence (the server
 * stops at boot with it, as it does when the database cannot be reached).
 */
export async function openRedis(url: string, onError: RedisErrorSink): Promise<RedisLink> {
  const opened: RedisClient[] = [];
  let booted = false;
  let firstError: Error | undefined;
  const connect = (name: string): RedisClient => {
    const client = new IORedis(url, { ...OPTIONS, connectionName: `accord-${name}` });
    client.on("error", (error: Error) => {
      if (booted) onError(error, name);
      else firstError ??= error;
    });
    opened.push(client);
    return client;
  };
  const client = connect("commands");
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    // the socket's error (ECONNREFUSED, ENOTFOUND, NOAUTH) says more than "Connection is closed."
    const reason = (firstError ?? (error instanceof Error ? error : new Error(String(error)))).message.replace(/\.$/, "");
    throw new Error(`Redis at ${describeRedisUrl(url)} (REDIS_URL) cannot be reached (${reason}). Start Redis, or unset REDIS_URL to run this instance alone.`);
  }
  booted = true;
  return {
    url,
    client,
    connect,
    close: async () => {
      await Promise.all(opened.map((c) => quit(c)));
    },
  };
}

/** QUIT politely, but never wait on a Redis that is gone. */
async function quit(client: RedisClient): Promise<void> {
  if (client.status === "end") return;
  const timer = setTimeout(() => client.disconnect(), 1000);
  try {
    await client.quit();
  } catch {
    client.disconnect();
  } finally {
    clearTimeout(timer);
  }
}

/** Readiness of `/readyz`: Redis answers PING on the command connection. */
export function redisCheck(client: RedisClient): ReadinessCheck {
  return async () => {
    if (client.status !== "ready") return { status: "failing", reason: `Redis connection is ${client.status}` };
    try {
      const answer = await client.ping();
      return answer === "PONG" ? { status: "ok" } : { status: "failing", reason: `Redis answered ${answer}` };
    } catch (error) {
      return { status: "failing", reason: error instanceof Error ? error.message : String(error) };
    }
  };
}
