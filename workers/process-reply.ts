import type { Context } from "hono";
import type {
  CancelAnswer,
  CheckoutAnswer,
  Refused,
  StillRunning,
} from "../durable-objects/cart-contract";
import { STILL_RUNNING } from "../durable-objects/cart-contract";
import type { CheckoutOutcome } from "../src/checkout/record";
import { AppError } from "../src/errors";
import { logEvent } from "../src/log";
import { problemBody, statusOf } from "./problem";

/** How soon a client may send a request again whose process is still being driven. */
const RETRY_AFTER_SECONDS = 10;

type Outcome = CheckoutOutcome | CancelAnswer | Refused | StillRunning;

/** What the API answers for a process outcome: its status, its JSON body and its headers. */
export interface ProcessResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * The one mapping of the cart's process outcomes to HTTP, for the API and the pages alike: the
 * paid order 201, the cancelled order 200, a refusal the status of its code, the wait for 3-D
 * Secure 402 with the client secret, and a process still running 503 with `retry-after`.
 */
export function processResponse(outcome: Outcome): ProcessResponse {
  switch (outcome.kind) {
    case "paid":
      return { status: 201, body: outcome.order, headers: {} };
    case "cancelled":
      return { status: 200, body: outcome.order, headers: {} };
    case "refused":
      return {
        status: statusOf(outcome.problem.code),
        body: problemBody(outcome.problem),
        headers: {},
      };
    case "waiting":
      return {
        status: statusOf(outcome.problem.code),
        body: { ...problemBody(outcome.problem), clientSecret: outcome.clientSecret },
        headers: {},
      };
    case "still_running":
      return {
        status: statusOf("dependency_unavailable"),
        body: problemBody(stillRunningProblem().problem),
        headers: { "retry-after": String(RETRY_AFTER_SECONDS) },
      };
  }
}

/** The problem of a process still running: "send the same request again". */
export const stillRunningProblem = () =>
  new AppError(
    "dependency_unavailable",
    "This could not finish now. It completes by itself within a minute; send the same request again to see how it ended.",
  );

/**
 * Sends a process's answer. A replayed outcome was stored as it was first answered and is
 * rendered by this same function, so a key replays the bytes it first answered.
 */
export function replyWith(c: Context, answer: CheckoutAnswer | Outcome) {
  const { status, body, headers } = processResponse(outcomeOf(answer));
  const all: Record<string, string> = {
    ...headers,
    "content-type": status >= 400 ? "application/problem+json" : "application/json; charset=utf-8",
  };
  if ("replayed" in answer && answer.replayed) all["idempotent-replayed"] = "true";
  return c.body(JSON.stringify(body), status as 200, all);
}

/**
 * Runs a call into a cart process. When the cart object itself fails under it (it was reset, or
 * the call was lost), the process's record, if one was written, is driven on by its alarm and the
 * same request sent again learns how it ended, as for a failed dependency.
 */
export async function reachProcess<T>(call: () => Promise<T>, stillRunning: T): Promise<T> {
  try {
    return await call();
  } catch (err) {
    logEvent("cart_process_unreachable", { error: String(err) }, "warn");
    return stillRunning;
  }
}

/** A checkout's answer when its cart object could not be reached. */
export const CHECKOUT_STILL_RUNNING: CheckoutAnswer = { outcome: STILL_RUNNING, replayed: false };

/** The outcome of an answer, whichever process gave it. */
export const outcomeOf = (answer: CheckoutAnswer | Outcome): Outcome =>
  "outcome" in answer ? answer.outcome : answer;
