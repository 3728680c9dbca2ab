/** CPU and memory utilization over the last hour, drawn by uPlot (canvas, ~50 KB). */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { UtilizationSeries } from '../model/metrics.js';

const HEIGHT = 220;

function options(width: number, series: UtilizationSeries): uPlot.Options {
  return {
    width,
    height: HEIGHT,
    series: [
      {},
      { label: 'CPU utilization', stroke: '#2563eb', width: 2, value: (_u, v) => (v == null ? '—' : `${v.toFixed(1)} %`), spanGaps: false },
      {
        label: 'Memory utilization',
        stroke: '#db2777',
        width: 2,
        value: (_u, v) => (v == null ? '—' : `${v.toFixed(1)} %`),
        spanGaps: false,
      },
    ],
    scales: {
      x: { time: true, range: () => [series.start, series.end] },
      // At least 0–100 %; utilization can exceed 100 (more than reserved), then the axis grows.
      y: { range: (_u, _min, max) => [0, Math.max(100, Math.ceil((max ?? 0) / 10) * 10)] },
    },
    axes: [{}, { values: (_u, ticks) => ticks.map((t) => `${t} %`), size: 56 }],
    legend: { live: true },
  };
}

const aligned = (s: UtilizationSeries): uPlot.AlignedData => [s.times, s.cpu, s.memory];

export function UtilizationChart({ series }: { series: UtilizationSeries }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(series);
  latest.current = series;

  useEffect(() => {
    const el = host.current!;
    plot.current = new uPlot(options(el.clientWidth || 600, series), aligned(series), el);
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: el.clientWidth || 600, height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  // New data redraws in place (no remount, no flicker); the window moves with it.
  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    u.scales.x.range = () => [latest.current.start, latest.current.end];
    u.setData(aligned(series));
  }, [series]);

  return (
    <figure class="chart">
      <div ref={host} role="img" aria-label={`CPU and memory utilization over the last hour: ${summary(series)}`} />
      {series.times.length === 0 && <figcaption class="muted">No datapoints in the last hour yet.</figcaption>}
    </figure>
  );
}

function summary(s: UtilizationSeries): string {
  const last = (xs: (number | null)[]) => [...xs].reverse().find((v) => v != null);
  const cpu = last(s.cpu);
  const mem = last(s.memory);
  if (cpu == null && mem == null) return 'no datapoints';
  return `latest CPU ${cpu == null ? 'n/a' : `${cpu.toFixed(1)} %`}, memory ${mem == null ? 'n/a' : `${mem.toFixed(1)} %`}`;
}
