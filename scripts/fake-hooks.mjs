/**
 * A webhook receiver for tests, behind the Worker's outbound service: every POST to
 * `http://hooks.test/<inbox>` is kept with its headers and body. An inbox named `fail-<n>-…`
 * answers 500 to its first n posts, `down-…` always answers 503; the others answer 200.
 * `GET http://hooks.test/<inbox>` answers what it received, oldest first.
 */
export const FAKE_HOOKS = "http://hooks.test";

export function createFakeHooks() {
  /** @type {Map<string, { headers: Record<string, string>, body: string }[]>} */
  const inboxes = new Map();
  return {
    /** @param {{ method: string, url: string, headers: Headers, body: string }} request */
    handle(request) {
      const inbox = new URL(request.url).pathname.slice(1);
      const received = inboxes.get(inbox) ?? [];
      inboxes.set(inbox, received);
      if (request.method === "GET") {
        return { status: 200, type: "application/json", body: JSON.stringify(received) };
      }
      received.push({ headers: Object.fromEntries(request.headers), body: request.body });
      const failFirst = Number(/^fail-(\d+)-/.exec(inbox)?.[1] ?? 0);
      if (inbox.startsWith("down-")) return { status: 503, type: "text/plain", body: "down" };
      if (received.length <= failFirst) return { status: 500, type: "text/plain", body: "not yet" };
      return { status: 200, type: "text/plain", body: "ok" };
    },
  };
}
