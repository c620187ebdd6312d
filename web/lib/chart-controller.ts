/**
 * A Chart.js chart owned by a Lit element: created once the canvas exists, updated in place
 * when data changes (no flicker, no leak), destroyed when the element leaves the page.
 */
import {
  CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartConfiguration, type ChartDataset, type Plugin,
} from 'chart.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Filler, Legend, Tooltip);

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

const PALETTE = ['#5eb1ff', '#ffb454', '#7ee787', '#ff7b72', '#d2a8ff', '#79c0ff', '#f2cc60', '#56d4dd'];
const MARKER_COLOURS: Record<Marker['kind'], string> = { change: '#d2a8ff', action: '#7ee787', expected: '#f2cc60', alert: '#ff7b72' };

export function clockLabel(t: number): string {
  const s = Math.max(0, Math.round(t));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
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
    for (const m of markers) {
      const px = x.getPixelForValue(m.t);
      if (px < chart.chartArea.left || px > chart.chartArea.right) continue;
      ctx.strokeStyle = MARKER_COLOURS[m.kind];
      ctx.setLineDash(m.kind === 'expected' ? [2, 3] : [5, 4]);
      ctx.beginPath(); ctx.moveTo(px, top); ctx.lineTo(px, bottom); ctx.stroke();
      ctx.fillStyle = MARKER_COLOURS[m.kind];
      ctx.font = '11px system-ui, sans-serif';
      ctx.fillText(m.label.slice(0, 24), px + 3, top + 11);
    }
    ctx.restore();
  },
};

export class ChartController implements ReactiveController {
  chart?: Chart<'line', { x: number; y: number }[]>;
  #canvas?: HTMLCanvasElement;

  constructor(host: ReactiveControllerHost, private readonly options: { unit?: string } = {}) {
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
      borderWidth: 1.5, pointRadius: 0, tension: 0.2,
    }));
    if (this.chart) {
      this.chart.data.datasets = datasets;
      (this.chart.options.plugins as { dhMarkers: { markers: readonly Marker[] } }).dhMarkers.markers = markers;
      const x = this.chart.options.scales?.x;
      if (x && range) { x.min = range.min; x.max = range.max; }
      this.chart.update('none');
      return;
    }
    const unit = this.options.unit ?? '';
    const config: ChartConfiguration<'line', { x: number; y: number }[]> = {
      type: 'line',
      data: { datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', ...(range ?? {}), ticks: { color: '#9da7b3', callback: (v) => clockLabel(Number(v)), maxTicksLimit: 8 }, grid: { color: '#2a313c' } },
          y: { beginAtZero: true, ticks: { color: '#9da7b3', callback: (v) => `${formatNumber(Number(v))}${unit}` }, grid: { color: '#2a313c' } },
        },
        plugins: {
          legend: { labels: { color: '#c9d1d9', boxWidth: 10, font: { size: 11 } } },
          tooltip: { callbacks: { title: (items) => `T+${clockLabel(items[0]?.parsed.x ?? 0)}`, label: (it) => `${it.dataset.label}: ${formatNumber(it.parsed.y ?? 0)}${unit}` } },
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
