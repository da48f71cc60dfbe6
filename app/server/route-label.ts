import { matchRoutes } from "@remix-run/react";
import type { ServerBuild } from "@remix-run/node";

interface RouteNode {
  id: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children: RouteNode[];
}

const trees = new WeakMap<ServerBuild, RouteNode[]>();

function routeTree(build: ServerBuild): RouteNode[] {
  const known = trees.get(build);
  if (known) return known;
  const nodes = new Map<string, RouteNode>();
  for (const route of Object.values(build.routes)) {
    if (route) nodes.set(route.id, { id: route.id, path: route.path, index: route.index, caseSensitive: route.caseSensitive, children: [] });
  }
  const roots: RouteNode[] = [];
  for (const route of Object.values(build.routes)) {
    if (!route) continue;
    const parent = route.parentId ? nodes.get(route.parentId) : undefined;
    (parent ? parent.children : roots).push(nodes.get(route.id)!);
  }
  trees.set(build, roots);
  return roots;
}

/**
 * The id of the Remix route that answers `pathname` ("routes/d.$id.vote"), for metrics labels: a
 * pattern, never the URL's own ids or tokens. Single-fetch data requests (`/x.data`) count as
 * their page. No match: "(unmatched)".
 */
export function routeLabel(build: ServerBuild, pathname: string): string {
  let path = pathname;
  if (path === "/_root.data") path = "/";
  else if (path.endsWith(".data")) path = path.slice(0, -".data".length);
  const matches = matchRoutes(routeTree(build) as Parameters<typeof matchRoutes>[0], path);
  return matches?.at(-1)?.route.id ?? "(unmatched)";
}
