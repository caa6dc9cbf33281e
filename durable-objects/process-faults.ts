import { readConfig } from "../src/config";
import { logEvent } from "../src/log";
import { STILL_RUNNING, type StillRunning } from "./cart-contract";

/** A failure a test can plant at one step: a dependency error, a crash, or a real object reset. */
export interface Fault {
  step: string;
  at: "before" | "after";
  kind: "error" | "crash" | "abort";
  times?: number;
}

/** Stands for the process dying: nothing after it runs, the record stays as it was. */
export class SimulatedCrash extends Error {}

/**
 * The faults planted in one object. Only tests can plant them: `add` refuses unless the
 * `CHECKOUT_FAULTS=on` binding is set, which the test configuration does and wrangler.toml never.
 */
export class FaultPlan {
  private readonly faults: Fault[] = [];

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
  ) {}

  add(fault: Fault): boolean {
    if (!readConfig(this.env).checkoutFaults) return false;
    this.faults.push({ ...fault, times: fault.times ?? 1 });
    return true;
  }

  /** Fires a fault planted for `step` at `at`: throws, or "crashes" after calling `forget`. */
  async at(step: string, at: Fault["at"], forget: () => void): Promise<void> {
    const fault = this.faults.find((f) => f.step === step && f.at === at && (f.times ?? 0) > 0);
    if (!fault) return;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.kind === "error") throw new Error(`injected failure ${at} ${step}`);
    forget();
    if (fault.kind === "abort") this.ctx.abort(`injected reset ${at} ${step}`);
    throw new SimulatedCrash(`injected crash ${at} ${step}`);
  }
}

export function logFailure(err: unknown, fields: Record<string, unknown> = {}): void {
  logEvent("process_step_failed", { error: String(err), ...fields }, "warn");
}

/**
 * A request whose process stopped unanswered (a step failed after money may have moved, or a
 * simulated crash) answers `still_running` rather than throwing across the RPC boundary: the
 * record stays, its alarm finishes it, and the same request sent again then answers how it ended.
 */
export async function orStillRunning<T>(run: () => Promise<T>): Promise<T | StillRunning> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof SimulatedCrash)) logFailure(err, { stage: "request" });
    return STILL_RUNNING;
  }
}
