import { formatMoney, type Money } from "../../src/money";

interface Day {
  date: string;
  revenue: Money;
  orders?: number;
}

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { top: 16, right: 8, bottom: 32, left: 72 };
const X_LABELS = 6;

/**
 * Revenue by day as an SVG bar chart drawn on the server: a revenue axis with three values, dates
 * along the bottom, and each day's figures in its bar's tooltip (`<title>`).
 */
export function SalesChart(props: { days: Day[]; currency: string }) {
  const max = Math.max(1, ...props.days.map((d) => d.revenue.amount));
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, props.days.length);
  const plot = HEIGHT - PAD.top - PAD.bottom;
  const base = HEIGHT - PAD.bottom;
  const total = props.days.reduce((n, d) => n + d.revenue.amount, 0);
  const label = (amount: number) => formatMoney({ amount, currency: props.currency });
  const every = Math.max(1, Math.ceil(props.days.length / X_LABELS));
  const ticks = [0, Math.round(max / 2), max];
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`Revenue by day, ${props.days[0]?.date} to ${props.days.at(-1)?.date}: ${label(total)} in all`}
    >
      {ticks.map((amount) => {
        const y = base - Math.round((amount / max) * plot);
        return (
          <g class="tick">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} stroke="#d8dce3" />
            <text x={PAD.left - 6} y={y + 4} text-anchor="end">
              {label(amount)}
            </text>
          </g>
        );
      })}
      <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={base} stroke="#8c94a3" />
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={base} y2={base} stroke="#8c94a3" />
      {props.days.map((d, i) => {
        const h = Math.round((d.revenue.amount / max) * plot);
        const x = PAD.left + i * slot;
        const orders =
          d.orders === undefined ? "" : `, ${d.orders} order${d.orders === 1 ? "" : "s"}`;
        return (
          <g>
            <rect class="bar-rect" x={x + 1} y={base - h} width={Math.max(1, slot - 2)} height={h}>
              <title>{`${d.date}: ${formatMoney(d.revenue)}${orders}`}</title>
            </rect>
            {i % every === 0 ? (
              <text x={x + slot / 2} y={HEIGHT - 12} text-anchor="middle">
                {d.date.slice(5)}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

/** Every day of the range, with zero for days without sales. */
export function fillDays(byDay: Day[], from: string, to: string, currency: string): Day[] {
  const known = new Map(byDay.map((d) => [d.date, d]));
  const days: Day[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`);
    t += 86_400_000
  ) {
    const date = new Date(t).toISOString().slice(0, 10);
    const day = known.get(date);
    days.push({ date, revenue: day?.revenue ?? { amount: 0, currency }, orders: day?.orders ?? 0 });
  }
  return days;
}
