/**
 * What the postmortem and report pages need of the live drill, as one reactive controller: the
 * drill as this seat may see it (one GET, so a bad link says why at once), then the drill's
 * WebSocket for what changes while the page is open: the clock's phase (the postmortem can be
 * submitted once the drill has ended), `report_published` (a trainee's report page opens by
 * itself) and `postmortem_submitted` (the team hears who submitted). Also names the drill in the app's top bar and remembers its team in the seat.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ClockPhase } from '../../../contract/journal.js';
import type { Sequenced } from '../../../contract/events.js';
import { getDrill } from '../../lib/api.js';
import type { DrillView } from '../../lib/api-types.js';
import { DrillConnection } from '../../lib/drill-connection.js';
import { errorText } from '../../lib/errors.js';
import { saveSeat, seatDetail, seatFor } from '../../lib/session.js';

export type ReviewView = DrillView;

export class ReviewDrill implements ReactiveController {
  #drillId = '';
  view?: ReviewView;
  error?: string;
  /** called with the events that arrive live on the socket (not those of a snapshot) */
  onEvents?: (events: readonly Sequenced[]) => void;
  #conn?: DrillConnection;
  #key = '';

  constructor(private readonly host: ReactiveControllerHost & HTMLElement, private readonly label: string) {
    host.addController(this);
  }

  hostConnected(): void { /* the connection starts in watch(), once the page knows its drill */ }

  /** Start (or restart, for another drill or seat) watching this drill. */
  watch(drillId: string, token: string): void {
    const key = `${drillId}\n${token}`;
    this.#drillId = drillId;
    if (!drillId || !token || key === this.#key) return;
    this.#key = key;
    if (this.#conn) { this.host.removeController(this.#conn); this.#conn.hostDisconnected(); this.#conn = undefined; }
    this.view = undefined;
    this.error = undefined;
    void this.#load(drillId, token, key);
  }

  /** Load the drill again (after it could not be loaded). */
  reload(drillId: string, token: string): void {
    this.#key = '';
    this.watch(drillId, token);
  }

  async #load(drillId: string, token: string, key: string): Promise<void> {
    try {
      const view = await getDrill(drillId, token);
      if (key !== this.#key) return;
      this.view = view;
      this.#remember(drillId, view);
      if (!this.host.isConnected) return;
      this.#conn = new DrillConnection(this.host, {
        drillId, token,
        onSnapshot: (v) => { this.view = v; },
        onEvents: (events) => this.onEvents?.(events),
      });
    } catch (err) {
      if (key === this.#key) this.error = errorText(err);
    }
    this.host.requestUpdate();
  }

  #remember(drillId: string, view: ReviewView): void {
    const seat = seatFor(drillId);
    const team = view.team;
    if (seat && (seat.team !== team || !seat.scenarioTitle)) saveSeat({ ...seat, scenarioId: view.scenario.id, scenarioTitle: view.scenario.title, ...(team ? { team } : {}) });
    const who = seat ? seatDetail(seat) : undefined;
    this.host.dispatchEvent(new CustomEvent('dh-drill-context', {
      detail: { drillId, title: view.scenario.title, detail: [this.label, who].filter(Boolean).join(' · ') }, bubbles: true, composed: true,
    }));
  }

  /** The clock's phase: live from the socket once it speaks, else as loaded. */
  get phase(): ClockPhase | undefined {
    return this.#conn?.clock?.phase ?? this.view?.clock.phase;
  }

  /** Sim time now (the drill's end time once it has ended). */
  get t(): number {
    return this.#conn?.clock?.t ?? this.view?.clock.t ?? 0;
  }

  /** A `report_published` event arrived on the socket since the page opened. */
  get publishedLive(): boolean {
    return this.#conn?.model.published ?? false;
  }

  /** The last `postmortem_submitted` in the drill's stream: who submitted, at what sim time. */
  get submitted(): { readonly by: string; readonly t: number } | undefined {
    return this.#conn?.model.submitted;
  }

  /** This seat may read the report: the facilitator always, trainees once it is published. */
  get mayReadReport(): boolean {
    // The facilitator's seat says so before the view has loaded.
    return seatFor(this.#drillId)?.audience === 'facilitator' || this.view?.audience === 'facilitator' || this.published;
  }

  /** The report is published, as the drill was loaded or since (trainees may read it). */
  get published(): boolean {
    return this.publishedLive || (this.view?.published ?? false);
  }

  get connection(): DrillConnection | undefined {
    return this.#conn;
  }
}
