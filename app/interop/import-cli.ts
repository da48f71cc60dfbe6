/**
 * `npm run import:polis -- <export folder> --facilitator <email> [--title "…"]`: import a Polis
 * open-data export as a deliberation owned by an existing facilitator account.
 */
import path from "node:path";
import { createDatabase, databaseConfigFromProcess } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { findUserByEmail } from "../auth/user-repository.server";
import { createAppContext } from "../context/app-context.server";
import { getEnv } from "../env.server";
import { installResultsHandlers } from "../results/install.server";
import { isRefusal } from "../refusal";
import { readPolisFolder } from "./polis-folder.server";
import { importPolisExport } from "./polis-import.server";

function fail(message: string): never {
  process.stderr.write(`import: ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith("--") && !["--facilitator", "--title"].includes(args[i - 1] ?? ""));
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const email = flag("--facilitator");
if (!dir || !email) fail('usage: npm run import:polis -- <export folder> --facilitator <email> [--title "Title"]');
let exported;
try {
  exported = readPolisFolder(dir);
} catch (error) {
  if (isRefusal(error)) fail(error.message);
  throw error;
}

const db = createDatabase(databaseConfigFromProcess());
const app = createAppContext({ db, config: getEnv() });
try {
  await migrateToLatest(db);
  installResultsHandlers(app);
  const user = await findUserByEmail(db, email.trim().toLowerCase());
  if (!user?.password_hash) fail(`no facilitator account with the email ${email}; sign up first.`);
  const title = flag("--title") ?? `Polis: ${path.basename(path.resolve(dir))}`;
  const result = await importPolisExport(app, user.id, exported, title);
  await app.scheduler.flush();
  console.log(`Imported ${result.statements} statements, ${result.participants} participants and ${result.votes} votes as /d/${result.deliberationId}`);
} finally {
  await db.destroy();
}
