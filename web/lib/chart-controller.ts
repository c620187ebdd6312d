/**
 * A Chart.js chart owned by a Lit element: created once the canvas exists, updated in place
 * when data changes (no flicker, no leak), destroyed when the element leaves the page.
 */
import {
  Chart, Legend, LinearScale, LineController, LineElement, PointElement,
  type ChartConfiguration, type ChartDataset,
} from 'chart.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

// Both axes are linear (sim seconds and values) and no area is filled: no category scale and no
// filler plugin, which would add 3 KiB to every page. The values under the pointer are drawn by
// this controller (a few hundred bytes) rather than Chart.js's Tooltip plugin (4.6 KiB).
Chart.register(LineController, LineElement, PointElement, LinearScale, Legend);

/**
 * A moment on the time axis: a deploy, an action, an expected action. `label` is the short text
 * of the markers lane above the plot, `detail` the whole story its tooltip tells; an action that
 * took a while has an `end` (when it completed).
 */
export interface Marker {
  readonly t: number;
  readonly label: string;
  readonly kind: 'change' | 'action' | 'expected' | 'alert';
  readonly detail?: string;
  readonly end?: number;
}

/** A horizontal line at a value: an alert rule's threshold, e.g. "CheckoutHighLatency > 1s". */
export interface Threshold {
  readonly value: number;
  readonly label: string;
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

const LANE_ROW = 14;
const FONT = '11px system-ui, sans-serif';
const THRESHOLD_COLOUR = '#f85149';

/** A marker's label in the lane: its row (-1: no room, the marker keeps its tick and tooltip), where it starts, its width and text. */
export interface LaneLabel { readonly row: number; readonly x: number; readonly width: number; readonly text: string }

/**
 * Where the labels of the markers lane above the plot go, for markers in time order at pixel
 * `x`: right of the marker's line (left of it near the right edge), cut to `maxWidth` with an
 * ellipsis, on the first of `rows` rows where it overlaps no other label. Labels never reach
 * into the plot, so they hide no data; the whole text is in the marker's tooltip.
 * @example layoutLane([{ x: 10, text: 'Deploy v2' }, { x: 12, text: 'Roll back' }], 0, 400, 2, (s) => 6 * s.length).map((l) => l.row) // [0, 1]
 */
export function layoutLane(items: readonly { x: number; text: string }[], left: number, right: number, rows: number, measure: (s: string) => number, maxWidth = 180): LaneLabel[] {
  const ends: number[] = Array.from({ length: rows }, () => -Infinity);
  return items.map(({ x, text }) => {
    let t = text;
    let width = measure(t);
    for (let n = text.length - 1; width > maxWidth && n > 0; n--) {
      // at a word's end, unless that loses more than half of what fits
      const cut = text.slice(0, n);
      const space = cut.lastIndexOf(' ');
      t = `${(space > n / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
      width = measure(t);
    }
    const lx = x + 3 + width > right ? Math.max(left, x - 3 - width) : x + 3;
    const row = ends.findIndex((e) => lx >= e + 6);
    if (row >= 0) ends[row] = lx + width;
    return { row, x: lx, width, text: t };
  });
}

/** How a chart's x axis reads: tick positions, tick labels, the tooltip's title. */
export interface XAxis {
  ticks(min: number, max: number): number[];
  label(v: number): string;
  title(v: number): string;
}

const SIM_TIME_AXIS: XAxis = { ticks: (min, max) => timeTicks(min, max), label: clockLabel, title: (v) => `T+${clockLabel(v)}` };

type Placed = LaneLabel & { readonly m: Marker; readonly px: number };

export class ChartController implements ReactiveController {
  chart?: Chart<'line', { x: number; y: number }[]>;
  #canvas?: HTMLCanvasElement;
  #markers: readonly Marker[] = [];
  #thresholds: readonly Threshold[] = [];
  #rows = 0;
  /** the markers drawn in the lane, where their labels are */
  #placed: Placed[] = [];
  /** the pointer's x in the plot, while it is there */
  #at?: number;

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

  /** Show these series, markers and threshold lines; creates the chart the first time, updates it after. */
  show(series: readonly SeriesData[], markers: readonly Marker[] = [], range?: { min: number; max: number }, thresholds: readonly Threshold[] = []): void {
    if (!this.#canvas) return;
    this.#markers = markers;
    this.#thresholds = thresholds;
    this.#rows = this.#laneRows(range);
    const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = series.map((s, i) => ({
      label: s.label,
      data: s.points.map(([x, y]) => ({ x, y })),
      borderColor: PALETTE[i % PALETTE.length],
      backgroundColor: PALETTE[i % PALETTE.length],
      borderWidth: 1.5, pointRadius: this.options.pointRadius ?? 0, tension: 0.2,
    }));
    // The y axis reaches every threshold, with room for its label.
    const values = thresholds.map((t) => t.value * 1.15);
    const yRange = { suggestedMax: Math.max(0, ...values), suggestedMin: Math.min(0, ...values) };
    const padding = { top: this.#rows && this.#rows * LANE_ROW + 4 };
    if (this.chart) {
      const o = this.chart.options;
      this.chart.data.datasets = datasets;
      if (o.plugins?.legend) o.plugins.legend.display = datasets.length > 1;
      if (o.scales?.x && range) { o.scales.x.min = range.min; o.scales.x.max = range.max; }
      Object.assign(o.scales?.y ?? {}, yRange);
      if (o.layout) o.layout.padding = padding;
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
        layout: { padding },
        scales: {
          x: {
            type: 'linear', ...(range ?? {}), ticks: { color: '#9da7b3', callback: (v) => xa.label(Number(v)), maxTicksLimit: 8 }, grid: { color: '#2a313c' },
            afterBuildTicks: (axis) => { axis.ticks = xa.ticks(axis.min, axis.max).map((value) => ({ value })); },
          },
          y: { beginAtZero: true, ...yRange, ticks: { color: '#9da7b3', callback: (v) => `${formatNumber(Number(v))}${unit}` }, grid: { color: '#2a313c' } },
        },
        plugins: {
          // One series needs no legend: the chart's title names it. Below the plot, so the
          // markers lane sits right on top of it.
          legend: { display: datasets.length > 1, position: 'bottom', labels: { color: '#c9d1d9', boxWidth: 10, font: { size: 11 } } },
        },
      },
      plugins: [{
        id: 'dhLayers',
        afterDatasetsDraw: (chart) => this.#draw(chart),
        afterEvent: (chart, args) => {
          const e = args.event;
          const a = chart.chartArea;
          const row = Math.floor((a.top - (e.y ?? a.bottom)) / LANE_ROW);
          // In the lane: the whole text of the markers under the pointer, as the canvas's tooltip.
          chart.canvas.title = row < 0 || e.x === null ? ''
            : this.#placed.filter((p) => Math.abs(p.px - e.x!) <= 4 || (p.row === row && e.x! >= p.x && e.x! <= p.x + p.width))
              .map(({ m }) => `${xa.title(m.t)}  ${m.detail ?? m.label}`).join('\n');
          // In the plot: the values at the pointer's time.
          const at = e.type !== 'mouseout' && e.x !== null && e.y !== null && e.x >= a.left && e.x <= a.right && e.y >= a.top && e.y <= a.bottom ? e.x : undefined;
          if (at !== this.#at) { this.#at = at; args.changed = true; }
        },
        afterDraw: (chart) => this.#readout(chart, xa, unit),
      }],
    };
    this.chart = new Chart(this.#canvas, config);
  }

  /** Lane rows for the markers in view: one for one marker, two for more (three on a tall chart). */
  #laneRows(range?: { min: number; max: number }): number {
    const n = this.#markers.filter((m) => !range || (m.t >= range.min && m.t <= range.max)).length;
    return Math.min(n, this.#canvas!.clientHeight >= 250 ? 3 : 2);
  }

  /** Marker lines, the lane's labels, threshold lines with their labels. */
  #draw(chart: Chart): void {
    const { ctx, chartArea: a, scales: { x, y } } = chart;
    if (!x || !y) return;
    ctx.save();
    ctx.font = FONT;
    ctx.lineWidth = 1;
    const line = (x1: number, y1: number, x2: number, y2: number) => { ctx.beginPath(); ctx.moveTo(x1, y1); ctx.lineTo(x2, y2); ctx.stroke(); };
    const inView = this.#markers.map((m) => ({ m, px: x.getPixelForValue(m.t) })).filter(({ px }) => px >= a.left && px <= a.right).sort((p, q) => p.px - q.px);
    const labels = layoutLane(inView.map(({ m, px }) => ({ x: px, text: m.label })), a.left, a.right, this.#rows, (s) => ctx.measureText(s).width);
    this.#placed = inView.map((p, i) => ({ ...p, ...labels[i]! }));
    for (const p of this.#placed) {
      ctx.strokeStyle = ctx.fillStyle = MARKER_COLOURS[p.m.kind];
      ctx.setLineDash(p.m.kind === 'expected' ? [2, 3] : [5, 4]);
      line(p.px, a.top, p.px, a.bottom);
      const end = p.m.end === undefined ? NaN : x.getPixelForValue(p.m.end);
      ctx.setLineDash([]);
      if (end >= a.left && end <= a.right) { ctx.globalAlpha = 0.5; line(end, a.top, end, a.bottom); ctx.globalAlpha = 1; }
      // a tick in the lane for every marker, a label where there is room for one
      line(p.px, a.top - 3, p.px, a.top);
      if (p.row >= 0) ctx.fillText(p.text, p.x, a.top - 4 - p.row * LANE_ROW);
    }
    // Thresholds last: their labels stay readable over the marker lines.
    for (const th of this.#thresholds) {
      const py = y.getPixelForValue(th.value);
      if (py < a.top - 1 || py > a.bottom + 1) continue;
      ctx.strokeStyle = THRESHOLD_COLOUR;
      ctx.setLineDash([6, 4]);
      line(a.left, py, a.right, py);
      const w = ctx.measureText(th.label).width + 8;
      const by = py - 17 >= a.top ? py - 17 : py + 2;
      // The label goes to the end of the line where it hides fewer data points, the older end if neither.
      const behind = (bx: number) => chart.data.datasets.reduce((n, d) => n + (d.data as { x: number; y: number }[]).filter((p) => {
        const px = x.getPixelForValue(p.x);
        const qy = y.getPixelForValue(p.y);
        return px >= bx && px <= bx + w && qy >= by - 2 && qy <= by + 17;
      }).length, 0);
      const bx = behind(a.left + 2) <= behind(a.right - w - 2) ? a.left + 2 : a.right - w - 2;
      ctx.fillStyle = '#0d1117e0';
      ctx.fillRect(bx, by, w, 15);
      ctx.fillStyle = THRESHOLD_COLOUR;
      ctx.fillText(th.label, bx + 4, by + 11);
    }
    ctx.restore();
  }

  /** A crosshair at the sample nearest the pointer, and each series' value there. */
  #readout(chart: Chart, xa: XAxis, unit: string): void {
    const { ctx, chartArea: a, scales: { x, y } } = chart;
    // (series hidden from the legend are left out)
    const sets = (chart.data.datasets as unknown as { label: string; borderColor: string; data: { x: number; y: number }[] }[]).filter((_, i) => chart.isDatasetVisible(i));
    if (this.#at === undefined || !x || !y || !sets.some((d) => d.data.length)) return;
    const t = x.getValueForPixel(this.#at)!;
    const near = (d: (typeof sets)[number]) => d.data.reduce<{ x: number; y: number } | undefined>((b, p) => (!b || Math.abs(p.x - t) < Math.abs(b.x - t) ? p : b), undefined);
    const at = near(sets.find((d) => d.data.length)!)!.x;
    const rows = sets.flatMap((d) => {
      const p = near(d);
      return p && p.x === at ? [{ colour: d.borderColor, y: p.y, text: `${d.label}: ${formatNumber(p.y)}${unit}` }] : [];
    });
    const px = x.getPixelForValue(at);
    ctx.save();
    ctx.font = FONT;
    ctx.strokeStyle = '#9da7b3';
    ctx.beginPath(); ctx.moveTo(px, a.top); ctx.lineTo(px, a.bottom); ctx.stroke();
    const title = xa.title(at);
    const w = Math.max(ctx.measureText(title).width, ...rows.map((r) => ctx.measureText(r.text).width + 14)) + 12;
    const h = 18 + rows.length * 14;
    const bx = px + 10 + w > a.right ? Math.max(a.left, px - 10 - w) : px + 10;
    ctx.fillStyle = '#1c2230f2';
    ctx.fillRect(bx, a.top + 4, w, h);
    ctx.fillStyle = '#e6edf3';
    ctx.fillText(title, bx + 6, a.top + 17);
    rows.forEach((r, i) => {
      ctx.fillStyle = r.colour;
      ctx.fillRect(bx + 6, a.top + 24 + i * 14, 8, 8);
      ctx.beginPath(); ctx.arc(px, y.getPixelForValue(r.y), 3, 0, 7); ctx.fill();
      ctx.fillStyle = '#e6edf3';
      ctx.fillText(r.text, bx + 20, a.top + 31 + i * 14);
    });
    ctx.restore();
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
