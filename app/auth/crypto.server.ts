import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/** A random, URL-safe identifier (96 bits): unguessable, so ids in URLs leak nothing. */
export function newId(): string {
  return randomBytes(12).toString("base64url");
}

/** A random secret token (256 bits) for sessions and invite links. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** HMAC-SHA-256 of `message` under `key`, URL-safe: a token that can be derived again but not read from storage. */
export function hmacToken(key: string, message: string): string {
  return createHmac("sha256", key).update(message).digest("base64url");
}

const SCRYPT_N = 16384;
const KEY_LENGTH = 64;

function scryptAsync(password: string, salt: Buffer, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { N: n, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$N$salt$hash`, all parameters stored so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT_N);
  return `scrypt$${SCRYPT_N}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, nText, saltText, keyText] = stored.split("$");
  if (scheme !== "scrypt" || !nText || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, "base64");
  const actual = await scryptAsync(password, Buffer.from(saltText, "base64"), Number(nText));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Compare two strings in constant time (for tokens). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
