/**
 * `node scripts/profile.mjs [seconds] [outfile]`: a CPU profile of the storefront's Worker (and
 * its Durable Objects, which run in the same isolate) while something else loads it. Start the
 * server with INSPECTOR_PORT set (`INSPECTOR_PORT=9229 npm run serve`); the profile goes to
 * `outfile` (open it in Chrome DevTools) and the frames with the most time are printed.
 */
import { writeFileSync } from "node:fs";

const port = process.env.INSPECTOR_PORT ?? "9229";
const seconds = Number(process.argv[2] ?? 10);
const outfile = process.argv[3] ?? ".wrangler/worker.cpuprofile";

async function connect() {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
  const target = targets.find((t) => (t.title ?? "").includes("core:user:"));
  if (!target) throw new Error(`no user worker among the inspector's targets on port ${port}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  const pending = new Map();
  let id = 0;
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  };
  await new Promise((resolve) => {
    ws.onopen = resolve;
  });
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      id += 1;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { ws, send };
}

/** Samples per frame, counting a frame once per sample however deep it recurs. */
function inclusive(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const totals = new Map();
  for (const sample of profile.samples) {
    const seen = new Set();
    for (let node = sample; node !== undefined; node = parent.get(node)) {
      const { functionName, lineNumber, columnNumber } = byId.get(node).callFrame;
      const key = `${functionName || "(anonymous)"} ${lineNumber}:${columnNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      totals.set(key, (totals.get(key) ?? 0) + 1);
    }
  }
  return totals;
}

const { ws, send } = await connect();
await send("Profiler.enable");
await send("Profiler.start");
console.log(`Profiling for ${seconds} s...`);
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const { profile } = await send("Profiler.stop");
ws.close();
writeFileSync(outfile, JSON.stringify(profile));
const total = profile.samples.length;
const top = [...inclusive(profile)].sort((a, b) => b[1] - a[1]).slice(1, 31);
for (const [frame, count] of top) {
  console.log(`${((100 * count) / total).toFixed(1).padStart(5)}%  ${frame}`);
}
console.log(`${total} samples; written to ${outfile}`);
