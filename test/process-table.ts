import type { AnyProcessDefinition } from "../src/processes/definition";

const code = (s: string) => `\`${s}\``;

/**
 * A process's table as docs/checkout.md shows it: one row per state with its effect, where it
 * goes, and what a failure and a reset do there. The docs are checked against this, so they are
 * the table as built.
 */
export function processTable(def: AnyProcessDefinition): string {
  const back = (def.compensatesTo ?? []).map(code).join(", ");
  const rows = Object.entries(def.steps as AnyProcessDefinition["steps"]).map(([state, entry]) => {
    const does = entry.waits ? `${entry.does}. Waits for ${entry.waits.for}` : entry.does;
    const failure = entry.onFailure === "retry" ? "retried, backing off" : `go back (${back})`;
    const reset = entry.onInterrupt === "resume" ? "runs again" : `go back (${back})`;
    const next = entry.next.map(code).join(", ");
    return `| ${code(state)} | ${does} | ${next} | ${failure} | ${reset} |`;
  });
  return [
    "| state | effect (idempotent by) | goes to | on a failure | after a reset |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
