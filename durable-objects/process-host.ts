import type { Moved, ProcessDefinition, ProcessRecord } from "../src/processes/definition";
import { type Drive, type DriveContext, drive } from "../src/processes/drive";
import { type Fault, FaultPlan, SimulatedCrash } from "./process-faults";

/** What one kind of process runs with in this object: its records and its dependencies. */
export type ProcessKind<R extends ProcessRecord, D, M extends Moved<R>> = Pick<
  DriveContext<R, D, M>,
  "records" | "deps" | "alongside" | "logFields"
>;

/**
 * Runs the processes of one Durable Object with the engine of `src/processes/`: knows which of
 * them a request of this instance drives now, keeps the one alarm armed for the earliest next
 * look of any process (or of `otherWakes`, such as the cart's expiry), and plants the faults of
 * tests at every step.
 */
export class ProcessHost {
  /** Processes a request of this instance is driving now; a reset forgets them, which is the point. */
  readonly driving = new Set<string>();
  private readonly faults: FaultPlan;

  constructor(
    private readonly ctx: DurableObjectState,
    env: Env,
    private readonly wakes: () => (number | null)[],
  ) {
    this.faults = new FaultPlan(ctx, env);
  }

  /**
   * Drives one process. `kind` builds its dependencies: should that fail, the process is no
   * longer marked as driven, so the alarm (or the next request) finds it interrupted.
   */
  async drive<R extends ProcessRecord, D, M extends Moved<R>>(
    def: ProcessDefinition<R, D, M>,
    kind: () => ProcessKind<R, D, M>,
    id: string,
    recovering: boolean,
  ): Promise<Drive<R, M>> {
    let built: ProcessKind<R, D, M>;
    try {
      built = kind();
    } catch (err) {
      this.driving.delete(id);
      throw err;
    }
    return drive(def, this.context(built), id, recovering);
  }

  /**
   * Arms the alarm for the earliest next look, unless it is already set sooner: an early alarm
   * finds nothing due and arms again, which is cheaper than moving the alarm on every cart edit
   * (each pushes the expiry out a little).
   */
  async arm(): Promise<void> {
    const times = this.wakes().filter((t): t is number => typeof t === "number");
    if (times.length === 0) return;
    const next = Math.min(...times);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next) await this.ctx.storage.setAlarm(next);
  }

  /**
   * Arms the alarm when none is set (the cart's first edit). A later edit only pushes the expiry
   * out, and whatever alarm is set is no later than the old one: it fires, finds nothing due and
   * arms again.
   */
  async armIfUnset(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.arm();
  }

  inject(fault: Fault): boolean {
    return this.faults.add(fault);
  }

  private context<R extends ProcessRecord, D, M extends Moved<R>>(
    kind: ProcessKind<R, D, M>,
  ): DriveContext<R, D, M> {
    return {
      ...kind,
      driving: this.driving,
      arm: () => this.arm(),
      // A planted crash forgets what this instance was driving, as a reset would.
      faultPoint: (point, at) => this.faults.at(point, at, () => this.driving.clear()),
      isCrash: (err) => err instanceof SimulatedCrash,
    };
  }
}
