/**
 * The lifecycle the after-action pages (postmortem, report) share, as one reactive controller:
 * when the page's drill or seat changes, follow the drill (ReviewDrill: one GET of the drill,
 * then its live socket) and load the page's own resource as soon as `ready` allows (the report
 * waits for publication without asking); while the page is shown and loaded, poll every
 * `poll.every` ms when the tab is visible; stop polling when the page leaves (the socket, the
 * drill's own controller, closes with it). The page renders from `status` and `error`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ReviewDrill } from '../components/review/review-drill.js';
import type { DrillAccess } from './drill-context.js';
import { errorText } from './errors.js';

/** loading: not loaded yet; waiting: `ready` says not yet (or `waitOn` a refusal); ok: loaded; error: could not load. */
export type WatchStatus = 'loading' | 'waiting' | 'ok' | 'error';

export interface WatchOptions {
  /** how the page names itself in the app's top bar */
  readonly label: string;
  /** load (or load again) the page's own resource; a rejection becomes `error` */
  readonly load: (access: DrillAccess) => Promise<void>;
  /** whether the page may load yet; by default at once, without waiting for the drill */
  readonly ready?: (drill: ReviewDrill) => boolean;
  /** a refusal that means "not yet" (status waiting) rather than an error */
  readonly waitOn?: (err: unknown) => boolean;
  /** look again every `every` ms while loaded and the tab is visible */
  readonly poll?: { readonly every: number; readonly run: (access: DrillAccess) => Promise<void> };
}

type WatchHost = ReactiveControllerHost & HTMLElement & { readonly drillId: string; readonly token: string };

export class WatchController implements ReactiveController {
  /** the drill as this seat may see it, live */
  readonly drill: ReviewDrill;
  status: WatchStatus = 'loading';
  /** why the page could not load, in words */
  error = '';
  #key = '';
  /** the page's resource was asked for since the drill or seat last changed */
  #asked = false;
  #timer?: ReturnType<typeof setInterval>;

  constructor(private readonly host: WatchHost, private readonly options: WatchOptions) {
    this.drill = new ReviewDrill(host, options.label);
    host.addController(this);
  }

  get access(): DrillAccess {
    return { drillId: this.host.drillId, token: this.host.token };
  }

  hostConnected(): void {
    const poll = this.options.poll;
    if (!poll) return;
    this.#timer = setInterval(() => {
      if (this.status === 'ok' && document.visibilityState === 'visible') void poll.run(this.access).catch(() => undefined);
    }, poll.every);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
  }

  /** Before each render: follow the page's drill and seat, and load once the page may. */
  hostUpdate(): void {
    const { drillId, token } = this.host;
    const key = `${drillId}\n${token}`;
    if (drillId && token && key !== this.#key) {
      this.#key = key;
      this.#asked = false;
      this.status = 'loading';
      this.error = '';
      this.drill.watch(drillId, token);
    }
    if (!this.#key || this.#asked || (this.status !== 'loading' && this.status !== 'waiting')) return;
    if (!this.options.ready || this.options.ready(this.drill)) void this.load();
    else if (this.drill.error) { this.status = 'error'; this.error = this.drill.error; }
    else if (this.drill.view) this.status = 'waiting';
  }

  /** Load the page's resource now (again). */
  async load(): Promise<void> {
    const key = this.#key;
    this.#asked = true;
    try {
      await this.options.load(this.access);
      if (key !== this.#key) return;
      this.status = 'ok';
      this.error = '';
    } catch (err) {
      if (key !== this.#key) return;
      if (this.options.waitOn?.(err)) this.status = 'waiting';
      else { this.status = 'error'; this.error = errorText(err); }
    }
    this.host.requestUpdate();
  }

  /** Try again after an error: the drill itself if it never loaded (and the page waits on it), else the page's resource. */
  retry(): void {
    this.status = 'loading';
    this.error = '';
    if (this.options.ready && !this.drill.view) {
      this.#asked = false;
      this.drill.reload(this.host.drillId, this.host.token);
    } else {
      void this.load();
    }
    this.host.requestUpdate();
  }
}
