import { retryDelaySeconds } from "../fulfillment/backoff";
import { logEvent } from "../log";
import type { Moved, ProcessDefinition, ProcessRecord } from "./definition";
import type { ProcessRecords } from "./records";

/** How long to wait before the next try of a step that failed `attempts` times (as for queue messages). */
export const retryDelayMs = (attempts: number) => retryDelaySeconds(attempts) * 1000;

/** What one drive needs from the object that runs it. */
export interface DriveContext<R extends ProcessRecord, D, M extends Moved<R>> {
  records: ProcessRecords<R>;
  deps: D;
  /**
   * The processes a request of this object instance drives now. A reset forgets them, which is
   * how a process is known to be interrupted: it is in a state other than `done`, and not here.
   */
  driving: Set<string>;
  /** Arms the object's alarm for the earliest `wakeAt`; called before the first step's await. */
  arm(): Promise<void>;
  /** A fault planted for tests at `<name>:<state>`, before or after the step's effect. */
  faultPoint(point: string, at: "before" | "after"): Promise<void>;
  /** A crash stands for the object dying: the drive stops dead, the record as it was. */
  isCrash(err: unknown): boolean;
  /** Runs in the same storage step as the record written after `moved` (nothing awaited between). */
  alongside?(moved: M): void;
  /** Fields of the record that every log line of its drive carries (the request that started it). */
  logFields?(record: R): Record<string, unknown>;
}

export interface Drive<R extends ProcessRecord, M extends Moved<R>> {
  record: R;
  /** Every state the record was in during this drive, the first one included. */
  states: string[];
  /** What the last step that ran answered. */
  last?: M;
  /** The failure that left the process to a retry, if it stopped on one. */
  failed?: unknown;
}

/**
 * Drives a process by its table until it is done, waits for something outside, or fails on a
 * step that must be retried later. `recovering`: it was interrupted (nobody drove it), so its
 * state's `onInterrupt` applies before anything runs. The record is written after every step,
 * before the next step's effect; steps are idempotent, so a drive stopped anywhere (a crash, a
 * reset) is finished by the next drive, from the alarm or a request.
 */
export async function drive<R extends ProcessRecord, D, M extends Moved<R>>(
  def: ProcessDefinition<R, D, M>,
  ctx: DriveContext<R, D, M>,
  id: string,
  recovering: boolean,
): Promise<Drive<R, M>> {
  type Running = Exclude<R["state"], "done">;
  ctx.driving.add(id);
  const states: string[] = [];
  let record: R | undefined;
  try {
    // The alarm stands before the first step's await: whatever stops now is recovered.
    await ctx.arm();
    record = ctx.records.get(id);
    states.push(record.state);
    const compensate = (from: Running) => {
      if (!def.compensate || !record) throw new Error(`${def.name} has no compensation`);
      record = ctx.records.update(record, def.compensate(record, from));
      states.push(record.state);
    };
    if (recovering && record.state !== "done") {
      const from = record.state as Running;
      if (def.steps[from].onInterrupt === "compensate") {
        logEvent(`${def.name}_recovered`, { [def.name]: id, state: from });
        compensate(from);
      }
    }
    let last: M | undefined;
    while (record.state !== "done") {
      const state = record.state as Running;
      const entry = def.steps[state];
      if (entry.waits?.runs === "woken" && (record.wakeAt ?? 0) > Date.now()) break;
      try {
        await ctx.faultPoint(`${def.name}:${state}`, "before");
        const moved = await entry.run(ctx.deps, record);
        await ctx.faultPoint(`${def.name}:${state}`, "after");
        if (!entry.next.includes(moved.patch.state)) {
          throw new Error(
            `${def.name} step ${state} moved to ${moved.patch.state}, not in its table`,
          );
        }
        ctx.alongside?.(moved);
        record = ctx.records.update(record, moved.patch);
        states.push(record.state);
        last = moved;
        if (moved.waiting) break;
      } catch (err) {
        if (ctx.isCrash(err)) throw err;
        logEvent(
          "process_step_failed",
          {
            process: def.name,
            [def.name]: id,
            state,
            error: String(err),
            ...ctx.logFields?.(record),
          },
          "warn",
        );
        if (entry.onFailure === "compensate") {
          compensate(state);
          continue;
        }
        const attempts = record.attempts + 1;
        record = ctx.records.update(record, {
          attempts,
          wakeAt: Date.now() + retryDelayMs(attempts),
        } as Partial<R>);
        return { record, states, ...(last ? { last } : {}), failed: err };
      }
    }
    return { record, states, ...(last ? { last } : {}) };
  } finally {
    ctx.driving.delete(id);
    logEvent(def.name, {
      [def.name]: id,
      recovering,
      states,
      ...(record && ctx.logFields?.(record)),
    });
    await ctx.arm();
  }
}
