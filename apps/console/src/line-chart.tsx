import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

const COLOURS = ['#1f6feb', '#d29922', '#2da44e', '#cf222e', '#8250df', '#0a7c86'];

/** A uPlot line chart over time (x in epoch seconds); rebuilt when the series change, redrawn in place as points arrive. */
export function LineChart({ id, times, series, height = 220 }: { id: string; times: number[]; series: ChartSeries[]; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const labels = series.map((entry) => entry.label).join('\u0000');

  useEffect(() => {
    if (!host.current) return;
    const options: uPlot.Options = {
      width: host.current.clientWidth || 600,
      height,
      series: [{}, ...series.map((entry, i) => ({ label: entry.label, stroke: COLOURS[i % COLOURS.length], width: 2 }))],
      axes: [{}, { size: 70 }],
    };
    plot.current = new uPlot(options, [times, ...series.map((entry) => entry.values)], host.current);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of series changes; new points go through setData below.
  }, [labels, height]);

  useEffect(() => {
    plot.current?.setData([times, ...series.map((entry) => entry.values)]);
  }, [times, series]);

  return <div id={id} class="chart" ref={host} data-points={times.length} />;
}
