import { formatMoney, type Money } from "../../src/money";

interface Day {
  date: string;
  revenue: Money;
}

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 16, right: 8, bottom: 28, left: 8 };

/** Revenue by day as an SVG bar chart, drawn on the server; the table beside it carries the numbers. */
export function SalesChart(props: { days: Day[]; currency: string }) {
  const max = Math.max(1, ...props.days.map((d) => d.revenue.amount));
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, props.days.length);
  const plot = HEIGHT - PAD.top - PAD.bottom;
  const total = props.days.reduce((n, d) => n + d.revenue.amount, 0);
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`Revenue by day, ${props.days[0]?.date} to ${props.days.at(-1)?.date}: ${formatMoney({ amount: total, currency: props.currency })} in all`}
    >
      <line
        x1={PAD.left}
        x2={WIDTH - PAD.right}
        y1={HEIGHT - PAD.bottom}
        y2={HEIGHT - PAD.bottom}
        stroke="#8c94a3"
      />
      {props.days.map((d, i) => {
        const h = Math.round((d.revenue.amount / max) * plot);
        const x = PAD.left + i * slot;
        return (
          <g>
            <rect
              class="bar-rect"
              x={x + 1}
              y={HEIGHT - PAD.bottom - h}
              width={Math.max(1, slot - 2)}
              height={h}
            >
              <title>{`${d.date}: ${formatMoney(d.revenue)}`}</title>
            </rect>
            {i % 5 === 0 ? (
              <text x={x} y={HEIGHT - 10}>
                {d.date.slice(5)}
              </text>
            ) : null}
          </g>
        );
      })}
      <text x={PAD.left} y={12}>
        {`max ${formatMoney({ amount: max, currency: props.currency })}/day`}
      </text>
    </svg>
  );
}

/** Every day of the range, with zero for days without sales. */
export function fillDays(byDay: Day[], from: string, to: string, currency: string): Day[] {
  const known = new Map(byDay.map((d) => [d.date, d.revenue]));
  const days: Day[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`);
    t += 86_400_000
  ) {
    const date = new Date(t).toISOString().slice(0, 10);
    days.push({ date, revenue: known.get(date) ?? { amount: 0, currency } });
  }
  return days;
}
