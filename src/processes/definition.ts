/**
 * A durable process as data: a record whose `state` names the step that runs (or may have half
 * run) next, and one table that says, for every state, what its step does, where it may go, and
 * what happens when it fails or when the object running it was reset half way. `drive.ts` runs
 * any such table; `records.ts` stores the records.
 */

/** The fields every process record has, whatever else it carries. */
export interface ProcessRecord<S extends string = string> {
  id: string;
  state: S | "done";
  /** Failures (or, for a step that polls, looks) counted for the backoff; a step may reset it. */
  attempts: number;
  /** When the alarm looks at this process next; null once it needs nobody. */
  wakeAt: number | null;
}

/** What a step answers: the fields it changes, `state` among them, written right after its effect. */
export interface Moved<R extends ProcessRecord> {
  patch: Partial<R> & { state: R["state"] };
  /** The step waits for something outside (a shopper, a consumer): the drive stops here. */
  waiting?: boolean;
}

/**
 * What a step that threw does next. `retry`: stays in its state and runs again after a backoff
 * (from the alarm, or the next request). `compensate`: goes to the definition's compensation,
 * which undoes what the process did so far.
 */
export type FailurePolicy = "retry" | "compensate";

export interface StepEntry<R extends ProcessRecord, D, M extends Moved<R> = Moved<R>> {
  /** One line on the step's effect and what makes it idempotent (the generated docs show it). */
  does: string;
  run(deps: D, record: R): Promise<M>;
  /** Every state the step may move the record to (its own state only for a step that waits). */
  next: readonly R["state"][];
  onFailure: FailurePolicy;
  /** A process found here after a reset: `resume` runs the step again, `compensate` goes back. */
  onInterrupt: "resume" | "compensate";
  /**
   * The step may wait for an outside event until a deadline, staying in its state. `woken`:
   * it runs only when its `wakeAt` came (a poll); `asked`: it runs whenever the process is driven
   * (the client asking again, a webhook), and `wakeAt` is its deadline.
   */
  waits?: { for: string; runs: "woken" | "asked" };
}

export interface ProcessDefinition<R extends ProcessRecord, D, M extends Moved<R> = Moved<R>> {
  /** Names the process in logs and fault points (`<name>:<state>`). */
  name: string;
  initial: Exclude<R["state"], "done">;
  steps: { [S in Exclude<R["state"], "done">]: StepEntry<R, D, M> };
  /**
   * Where a failure or an interruption whose policy is `compensate` goes, and what the record
   * keeps of why: the state is one of the table's, so the compensation is a step like any other.
   */
  compensate?(record: R, from: Exclude<R["state"], "done">): Partial<R> & { state: R["state"] };
  /** The states `compensate` may go to, for the checks of the table. */
  compensatesTo?: readonly R["state"][];
}

/** A table of any process, whatever its record, its dependencies and what its steps answer. */
// biome-ignore lint/suspicious/noExplicitAny: only read, never run, through this type
export type AnyProcessDefinition = ProcessDefinition<any, any, any>;

/** Every state a step of the table can lead to: its successors, and its compensation. */
export function successorsOf(def: AnyProcessDefinition, state: string): string[] {
  const entry = def.steps[state];
  if (!entry) return [];
  const out = new Set<string>(entry.next);
  if (entry.onFailure === "compensate" || entry.onInterrupt === "compensate") {
    for (const to of def.compensatesTo ?? []) out.add(to);
  }
  return [...out];
}

/** The states reachable from the initial one, `done` included when some path ends. */
export function reachableStates(def: AnyProcessDefinition): Set<string> {
  const seen = new Set<string>([def.initial]);
  const queue: string[] = [def.initial];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const next of successorsOf(def, state)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
