/**
 * Hash routes: "#/" is the project list, "#/project/<id>" an open project. The hash survives a
 * reload and works offline from the service worker's cached shell (no server routing needed).
 */
import { createSignal, onCleanup, type Accessor } from "solid-js";

export type Route = { name: "projects" } | { name: "project"; projectId: string };

/** The route for a location hash; anything unknown is the project list. */
export function parseRoute(hash: string): Route {
  const match = /^#\/project\/([^/?#]+)/.exec(hash);
  if (match?.[1]) {
    try {
      return { name: "project", projectId: decodeURIComponent(match[1]) };
    } catch {
      return { name: "projects" };
    }
  }
  return { name: "projects" };
}

/** The hash for a route. */
export function routeToHash(route: Route): string {
  return route.name === "project" ? `#/project/${encodeURIComponent(route.projectId)}` : "#/";
}

/** The current route as a signal, following hashchange; `navigate` changes it. */
export function createHashRoute(): [Accessor<Route>, (route: Route) => void] {
  const [route, setRoute] = createSignal<Route>(parseRoute(location.hash), {
    equals: (a, b) => routeToHash(a) === routeToHash(b),
  });
  const onHashChange = () => setRoute(parseRoute(location.hash));
  window.addEventListener("hashchange", onHashChange);
  onCleanup(() => window.removeEventListener("hashchange", onHashChange));
  const navigate = (next: Route) => {
    const hash = routeToHash(next);
    if (location.hash !== hash) location.hash = hash;
    setRoute(next);
  };
  return [route, navigate];
}
