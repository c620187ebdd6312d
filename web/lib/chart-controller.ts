/**
 * A Chart.js chart owned by a Lit element: created once the canvas exists, updated in place
 * when data changes (no flicker, no leak), destroyed when the element leaves the page.
 */
import {
  Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartConfiguration, type ChartDataset, type Plugin,
} from 'chart.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

// Both axes are linear (sim seconds and values) and no area is filled: no category scale and no
// filler plugin, which would add 3 KiB to every page.
Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

/** A vertical line at a sim time: a deploy, an action, an expected action. */
export interface Marker {
  readonly t: number;
  readonly label: string;
  readonly kind: 'change' | 'action' | 'expected' | 'alert';
}

export interface SeriesData {
  readonly label: string;
  /** [sim seconds, value] */
  readonly points: readonly (readonly [number, number])[];
}

const PALETTE = ['#5eb1ff', '#ffb454', '#7ee787', '#ff7b72', '#d2a8ff', '#79c0ff', '#f2cc60', '#56d4dd', '#ff9bce'];
const MARKER_COLOURS: Record<Marker['kind'], string> = { change: '#d2a8ff', action: '#7ee787', expected: '#f2cc60', alert: '#ff7b72' };

export function clockLabel(t: number): string {
  const s = Math.max(0, Math.round(t));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

/**
 * Tick positions for a sim-time axis on whole steps (15 s up to 6 h), so an axis reads
 * 0:00, 5:00, 10:00 rather than Chart.js's decimal 3:20, 6:40.
 * @example timeTicks(0, 800) // [0, 120, 240, 360, 480, 600, 720]
 */
export function timeTicks(min: number, max: number, maxTicks = 8): number[] {
  const steps = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600];
  const span = Math.max(0, max - min);
  const step = steps.find((s) => span / s <= maxTicks - 1) ?? steps[steps.length - 1]!;
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) out.push(t);
  return out;
}

/** Draws markers as dashed vertical lines with a short label at the top. */
const markerPlugin: Plugin<'line'> = {
  id: 'dhMarkers',
  afterDatasetsDraw(chart) {
    const markers = (chart.options.plugins as { dhMarkers?: { markers: readonly Marker[] } }).dhMarkers?.markers ?? [];
    const x = chart.scales.x;
    const { top, bottom } = chart.chartArea;
    if (!x) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.font = '11px system-ui, sans-serif';
    // Labels of markers close together go on the next of three rows instead of over each other;
    // with no room on any row the line is still drawn, without its label.
    const rowEnds = [-Infinity, -Infinity, -Infinity];
    for (const m of [...markers].sort((a, b) => a.t - b.t)) {
      const px = x.getPixelForValue(m.t);
      if (px < chart.chartArea.left || px > chart.chartArea.right) continue;
      ctx.strokeStyle = MARKER_COLOURS[m.kind];
      ctx.setLineDash(m.kind === 'expected' ? [2, 3] : [5, 4]);
      ctx.beginPath(); ctx.moveTo(px, top); ctx.lineTo(px, bottom); ctx.stroke();
      const text = m.label.length > 24 ? `${m.label.slice(0, 23)}…` : m.label;
      const width = ctx.measureText(text).width;
      // Near the right edge the label goes to the left of its line.
      const lx = px + 3 + width > chart.chartArea.right ? px - 3 - width : px + 3;
      const row = rowEnds.findIndex((end) => lx > end + 4);
      if (row < 0) continue;
      rowEnds[row] = lx + width;
      ctx.fillStyle = MARKER_COLOURS[m.kind];
      ctx.fillText(text, lx, top + 11 + row * 13);
    }
    ctx.restore();
  },
};

/** How a chart's x axis reads: tick positions, tick labels, the tooltip's title. */
export interface XAxis {
  ticks(min: number, max: number): number[];
  label(v: number): string;
  title(v: number): string;
}

const SIM_TIME_AXIS: XAxis = { ticks: (min, max) => timeTicks(min, max), label: clockLabel, title: (v) => `T+${clockLabel(v)}` };

export class ChartController implements ReactiveController {
  chart?: Chart<'line', { x: number; y: number }[]>;
  #canvas?: HTMLCanvasElement;

  /**
   * `x` replaces the sim-time axis (e.g. drills by index on a history chart): its tick
   * positions, their labels and the tooltip title.
   */
  constructor(host: ReactiveControllerHost, private readonly options: { unit?: string; x?: XAxis; pointRadius?: number } = {}) {
    host.addController(this);
  }

  /** Call from firstUpdated with the element's canvas. */
  attach(canvas: HTMLCanvasElement): void {
    this.#canvas = canvas;
  }

  hostDisconnected(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }

  /** Show these series and markers; creates the chart the first time, updates it after. */
  show(series: readonly SeriesData[], markers: readonly Marker[] = [], range?: { min: number; max: number }): void {
    if (!this.#canvas) return;
    const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = series.map((s, i) => ({
      label: s.label,
      data: s.points.map(([x, y]) => ({ x, y })),
      borderColor: PALETTE[i % PALETTE.length],
      backgroundColor: PALETTE[i % PALETTE.length],
      borderWidth: 1.5, pointRadius: this.options.pointRadius ?? 0, tension: 0.2,
    }));
    if (this.chart) {
      this.chart.data.datasets = datasets;
      (this.chart.options.plugins as { dhMarkers: { markers: readonly Marker[] } }).dhMarkers.markers = markers;
      const legend = this.chart.options.plugins?.legend;
      if (legend) legend.display = datasets.length > 1;
      const x = this.chart.options.scales?.x;
      if (x && range) { x.min = range.min; x.max = range.max; }
      this.chart.update('none');
      return;
    }
    const unit = this.options.unit ?? '';
    const xa = this.options.x ?? SIM_TIME_AXIS;
    const config: ChartConfiguration<'line', { x: number; y: number }[]> = {
      type: 'line',
      data: { datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: {
            type: 'linear', ...(range ?? {}), ticks: { color: '#9da7b3', callback: (v) => xa.label(Number(v)), maxTicksLimit: 8 }, grid: { color: '#2a313c' },
            afterBuildTicks: (axis) => { axis.ticks = xa.ticks(axis.min, axis.max).map((value) => ({ value })); },
          },
          y: { beginAtZero: true, ticks: { color: '#9da7b3', callback: (v) => `${formatNumber(Number(v))}${unit}` }, grid: { color: '#2a313c' } },
        },
        plugins: {
          // One series needs no legend: the chart's title names it.
          legend: { display: datasets.length > 1, labels: { color: '#c9d1d9', boxWidth: 10, font: { size: 11 } } },
          tooltip: { callbacks: { title: (items) => xa.title(items[0]?.parsed.x ?? 0), label: (it) => `${it.dataset.label}: ${formatNumber(it.parsed.y ?? 0)}${unit}` } },
          ...({ dhMarkers: { markers } } as object),
        },
      },
      plugins: [markerPlugin],
    };
    this.chart = new Chart(this.#canvas, config);
  }
}

/** Compact numbers for axes and tooltips: 1.2k, 3.4M, 0.012. */
export function formatNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  if (a >= 100) return v.toFixed(0);
  if (a >= 1) return v.toFixed(2).replace(/\.?0+$/, '');
  if (a === 0) return '0';
  return v.toPrecision(2);
}
