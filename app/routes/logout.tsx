import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySession } from "~/auth/session.server";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await destroySession(request) } });
}

export async function loader() {
  return redirect("/");
}
