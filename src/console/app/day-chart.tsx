import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];

export interface DaySeries {
  label: string;
  /** One value per day, in the order of `days`. */
  values: number[];
}

/**
 * A uPlot chart of values per UTC day, with the same numbers in a table below it (screen readers and
 * keyboard users read the table; the canvas is decorative for them).
 */
export function DayChart(props: {
  title: string;
  days: string[];
  series: DaySeries[];
  format: (value: number) => string;
  id: string;
}) {
  const { title, days, series, format, id } = props;
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element || days.length === 0) return;
    const width = Math.max(280, Math.min(720, element.clientWidth || 720));
    const chart = new uPlot(
      {
        width,
        height: 220,
        // Days as positions 0..n-1 with half a step either side, so one or two days sit inside the chart
        // instead of at its edges (uPlot's auto-range puts a single point at the edge, and a time axis spans years for one).
        scales: {
          x: { time: false, auto: false, min: -0.5, max: days.length - 0.5 },
          y: { range: (_, _min, max) => [0, max > 0 ? max * 1.15 : 1] },
        },
        axes: [
          { incrs: [1], values: (_, ticks) => ticks.map((tick) => days[tick] ?? '') },
          { values: (_, ticks) => ticks.map((tick) => format(tick)), size: 90 },
        ],
        series: [
          {
            label: 'Day',
            value: (_, value) => (value == null ? '' : new Date(value * 1000).toISOString().slice(0, 10)),
          },
          ...series.map((entry, index) => ({
            label: entry.label,
            stroke: PALETTE[index % PALETTE.length],
            width: 2,
            points: { show: true, size: 7 },
            value: (_: uPlot, value: number | null) => (value == null ? '' : format(value)),
          })),
        ],
      },
      [days.map((_, index) => index), ...series.map((entry) => entry.values)],
      element,
    );
    return () => chart.destroy();
  }, [days.join(), JSON.stringify(series)]);

  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div ref={container} class="chart-canvas" aria-hidden="true" data-chart={id} />
      <div class="table-wrap">
        <table class="chart-data" data-chart-table={id}>
          <caption class="visually-hidden">{title}: the numbers</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {series.map((entry) => (
                <th scope="col" key={entry.label}>
                  {entry.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((day, dayIndex) => (
              <tr key={day}>
                <th scope="row">{day}</th>
                {series.map((entry) => (
                  <td key={entry.label}>{format(entry.values[dayIndex] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
