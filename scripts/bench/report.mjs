/**
 * Rows of the bench table. Every scenario answers a row:
 * { route, reqPerSec, p50Ms, p99Ms, target, notes, problems, ...extra }, where `reqPerSec` is null
 * when throughput means nothing for the scenario (a one-off burst, sequential requests), `target`
 * is the lowest acceptable req/s as a fraction of the baseline's (or null), and `problems` lists
 * what makes the row's figures untrustworthy. `baseline`, when a row has it, is the `/healthz`
 * measured beside it ({ reqPerSec, p50Ms, p99Ms }, the medians of the `/healthz` rounds run just
 * before each of its rounds), which its ratio and criteria are taken against instead of the first
 * row's. `criteria(baseline)`, when a row has it, gives further
 * checks against the baseline (`[{ text, ok }]`, e.g. a p99 bound); the row passes only when its
 * ratio and every criterion do.
 */

import { median } from "./stats.mjs";

/** A row from an autocannon result; any non-2xx answer or socket error is a problem. */
export function autocannonRow(route, path, result) {
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]),
  );
  const problems = [];
  if (result.non2xx > 0 || result.errors > 0) {
    problems.push(
      `${result.non2xx} non-2xx responses, ${result.errors} errors (statuses ${JSON.stringify(statuses)})`,
    );
  }
  return {
    route,
    path,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    statuses,
    target: null,
    notes: null,
    problems,
  };
}

/**
 * One row from the rows of a scenario's rounds: the median req/s, p50 and p99 of the rounds, each
 * round's figures in `rounds`, and every round's statuses and problems.
 */
export function medianRow(rounds) {
  const [first] = rounds;
  const statuses = {};
  for (const round of rounds) {
    for (const [status, count] of Object.entries(round.statuses ?? {})) {
      statuses[status] = (statuses[status] ?? 0) + count;
    }
  }
  return {
    ...first,
    reqPerSec: median(rounds.map((r) => r.reqPerSec)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    non2xx: rounds.reduce((sum, r) => sum + (r.non2xx ?? 0), 0),
    errors: rounds.reduce((sum, r) => sum + (r.errors ?? 0), 0),
    statuses,
    problems: rounds.flatMap((r) => r.problems),
    rounds: rounds.map(({ reqPerSec, p50Ms, p99Ms }) => ({ reqPerSec, p50Ms, p99Ms })),
  };
}

const shown = (ratio) => (ratio === null ? null : Math.floor(ratio * 100) / 100);
const ratioOf = (value, to) => (value === null ? null : value / to);

/**
 * A row's throughput as a ratio of its baseline's. In alternating rounds it is the median of the
 * rounds' ratios, each round against the `/healthz` measured just before it: paired, so a drift of
 * the machine's speed from one round to the next cancels out. Otherwise, its req/s over the
 * baseline's.
 */
function ratioToBaseline(row, baseline) {
  if (row.reqPerSec === null) return { ratio: null, roundRatios: null };
  if (row.rounds && baseline.rounds?.length === row.rounds.length) {
    const roundRatios = row.rounds.map((r, k) => r.reqPerSec / baseline.rounds[k].reqPerSec);
    return { ratio: median(roundRatios), roundRatios };
  }
  return { ratio: row.reqPerSec / baseline.reqPerSec, roundRatios: null };
}

/**
 * Adds each row's throughput as a ratio of its baseline's (the `/healthz` measured beside it, or
 * else the first row, `/healthz`) and of the runtime's floor (a bare Hono worker, `floor` req/s),
 * and its verdict. Ratios are judged unrounded and shown rounded down to two decimals, so a row
 * shown at its target's ratio has met it (0.098 shows as 0.09, never 0.10).
 */
export function judge(rows, floor) {
  return rows.map(({ criteria, ...row }, i) => {
    const baseline = row.baseline ?? rows[0];
    const { ratio, roundRatios } = ratioToBaseline(row, baseline);
    const checks = [
      ...(row.target === null || row.target === undefined
        ? []
        : [{ text: `>= ${row.target.toFixed(2)}`, ok: ratio !== null && ratio >= row.target }]),
      ...(criteria?.(baseline) ?? []),
    ];
    let verdict = "-";
    if (i === 0) verdict = "baseline";
    else if (checks.length > 0) verdict = checks.every((c) => c.ok) ? "PASS" : "BELOW";
    const targetText = checks.map((c) => c.text).join(", ") || null;
    return {
      ...row,
      ratio: shown(ratio),
      roundRatios: roundRatios?.map(shown) ?? null,
      // The ratio of the medians, for comparison with a table made that way.
      ratioOfMedians: shown(ratioOf(row.reqPerSec, baseline.reqPerSec)),
      floorRatio: shown(ratioOf(row.reqPerSec, floor)),
      verdict,
      targetText,
      checks,
    };
  });
}

const numberCell = (value, digits) => (value === null ? "-" : value.toFixed(digits));

const targetCell = (row) => row.targetText ?? "-";

export function formatTable(rows) {
  const header = [
    "route",
    "req/s",
    "p50 ms",
    "p99 ms",
    "/healthz",
    "ratio",
    "vs floor",
    "target",
    "result",
    "notes",
  ];
  const cells = rows.map((r) => [
    r.route,
    numberCell(r.reqPerSec, 0),
    String(r.p50Ms ?? "-"),
    String(r.p99Ms ?? "-"),
    numberCell(r.baseline?.reqPerSec ?? null, 0),
    numberCell(r.ratio ?? null, 2),
    numberCell(r.floorRatio ?? null, 2),
    targetCell(r),
    r.verdict,
    [r.roundRatios ? `rounds ${r.roundRatios.map((x) => x.toFixed(2)).join(" ")}` : "", r.notes]
      .filter(Boolean)
      .join("; "),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  // Text columns (route, notes) read best left-aligned, the numbers right-aligned.
  const leftAligned = (i) => i === 0 || i === header.length - 1;
  const line = (row) =>
    row
      .map((cell, i) => (leftAligned(i) ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

/** One line per problem, naming its row. */
export function problemLines(rows) {
  return rows.flatMap((row) => row.problems.map((problem) => `${row.route}: ${problem}`));
}
