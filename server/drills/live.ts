/**
 * One drill in memory: the engine, the live clock, and the drill's event stream with a sequence
 * number per audience. The stream is a pure function of the journal: replaying the stored
 * entries (sim/replay.ts: advance to each entry's time, then apply it) rebuilds it exactly, which
 * is how a restart, or a test, reproduces a live drill.
 *
 * Events are produced as soon as the engine runs, but only *published* (sent to clients, shown
 * in views) once the journal and clock that produced them are on disk, so nothing a client has
 * seen can be lost by a crash.
 */
import { apply } from '../sim/apply.js';
import { advance, createSimulation, type Simulation } from '../sim/engine.js';
import { replay } from '../sim/replay.js';
import { FACILITATOR_ONLY_EVENTS, type AlertInfo, type SimEventType } from '../../contract/events.js';
import type { RuleRefusal } from '../../contract/refusal.js';
import type { Scenario } from '../scenario/schema.js';
import type { DrillRecord, JournalEntry } from '../store/schema.js';
import { LiveClock, type Now } from './clock.js';
import { prototypeNameRefusal } from './names.js';
import type { Audience, ClockView } from '../../contract/messages.js';
import type { DrillEvent, Sequenced } from '../../contract/events.js';

/** Events that would give the answer away (fault starts and changes) go to the facilitator only. */
export function isTraineeVisible(e: DrillEvent): boolean {
  return !FACILITATOR_ONLY_EVENTS.has(e.type as SimEventType);
}

export class LiveDrill {
  readonly engine: Simulation;
  readonly clock: LiveClock;
  /**
   * Every event, in the facilitator's order: an event's seq in the facilitator's stream is its
   * index + 1. Kept bare (no wrapper object per event): a drill keeps every event it made.
   */
  readonly timeline: DrillEvent[] = [];
  /** timeline index of each trainee-visible event, by its seq in the trainees' stream - 1 */
  readonly #traineeIndex: number[] = [];
  #published = 0;
  #publishedTrainee = 0;
  #publishedT = 0;
  /** the sim time last handed to the store as a clock checkpoint */
  checkpointT: number;
  /**
   * A fast-forward in progress (a start or set_speed with `until_alert`): the speed to drop to,
   * and the timeline length when it began (alerts that fired before it do not end it).
   */
  #fastForward: { readonly back: number; readonly from: number } | undefined;

  private constructor(readonly record: Readonly<DrillRecord>, readonly scenario: Scenario, now: Now) {
    this.engine = createSimulation(scenario, record.seed);
    this.clock = new LiveClock(now, record.clock);
    this.checkpointT = record.clock.t;
  }

  /** A new drill, or a stored one rebuilt from its journal up to its stored sim time (all published). */
  static restore(record: Readonly<DrillRecord>, scenario: Scenario, now: Now): LiveDrill {
    const d = new LiveDrill(record, scenario, now);
    replay({
      advanceTo: (t) => d.advanceTo(t),
      apply: (entry) => d.applyEntry(entry),
      refused: (entry, i, refused) => {
        throw new Error(`drill ${record.id}: journal line ${i + 1} (${describe(entry)}) is refused on replay: ${refused.code}: ${refused.message}`);
      },
    }, record.log, record.clock.t);
    d.publish(d.timeline.length, record.clock.t);
    return d;
  }

  get id(): string { return this.record.id; }
  /** how far the engine has run; may be a little ahead of what is published */
  get t(): number { return this.engine.t; }
  get publishedT(): number { return this.#publishedT; }

  /**
   * Run the engine to sim time `t`; returns the timeline length after it (a publish mark).
   * Always calls the engine, even when `t` is its current time, so what is due at exactly `t`
   * runs: the same as any replay that does `advance(t); apply(command)` per journal line.
   */
  advanceTo(t: number): number {
    for (const e of advance(this.engine, t)) this.#push(e);
    return this.timeline.length;
  }

  /**
   * Apply one journal entry at its stamped time. A refused command changes nothing and is
   * returned; the caller does not journal it.
   */
  applyEntry(entry: JournalEntry): RuleRefusal | undefined {
    this.advanceTo(entry.t);
    const t = entry.t;
    switch (entry.kind) {
      case 'command': {
        const unsafe = prototypeNameRefusal(this.scenario, entry.command);
        if (unsafe) return unsafe;
        const r = apply(this.engine, entry.command, entry.by);
        if (!r.ok) return r;
        for (const e of r.events) this.#push(e);
        return undefined;
      }
      case 'join':
        this.#push({ t, type: 'participant_joined', name: entry.name, role: entry.role });
        return undefined;
      case 'control': {
        const c = entry.control;
        const ff = (c.type === 'start' || c.type === 'set_speed') && c.until_alert === true;
        if (ff) this.#fastForward = { back: this.scenario.settings.recommended_speed, from: this.timeline.length };
        else if (c.type === 'set_speed' || c.type === 'end') this.#fastForward = undefined;
        this.#push(controlEvent(entry, this.#fastForward?.back));
        return undefined;
      }
      case 'publish':
        // Withdrawing the report needs no event: the report route answers not_published again.
        if (entry.published) this.#push({ t, by: entry.by, type: 'report_published' });
        return undefined;
      case 'submit':
        this.#push({ t, by: entry.by, type: 'postmortem_submitted' });
        return undefined;
    }
  }

  #push(event: DrillEvent): void {
    if (isTraineeVisible(event)) this.#traineeIndex.push(this.timeline.length);
    this.timeline.push(event);
  }

  /** While fast-forwarding: the speed the clock drops to when the next alert fires. */
  get fastForwardBack(): number | undefined {
    return this.#fastForward?.back;
  }

  /**
   * Fast-forwarding: run the engine towards `t` one rule evaluation at a time and stop at the
   * first trainee-visible alert that fires (since the fast-forward began), returning it; the
   * engine then stands at that evaluation. Without one, the engine ends at `t`.
   */
  advanceUntilAlert(t: number): (DrillEvent & AlertInfo) | undefined {
    const ff = this.#fastForward;
    if (!ff) { this.advanceTo(t); return undefined; }
    const step = this.scenario.settings.evaluation_interval;
    let from = ff.from;
    for (;;) {
      const next = Math.min(t, (Math.floor(this.engine.t / step) + 1) * step);
      this.advanceTo(next);
      for (let i = from; i < this.timeline.length; i++) {
        const e = this.timeline[i]!;
        if (e.type === 'alert_firing' && isTraineeVisible(e)) return e;
      }
      from = this.timeline.length;
      if (next >= t) return undefined;
    }
  }

  /** Make everything up to timeline length `mark` and sim time `t` visible. Never goes back. */
  publish(mark: number, t: number): boolean {
    const moved = mark > this.#published || t > this.#publishedT;
    this.#published = Math.max(this.#published, Math.min(mark, this.timeline.length));
    while (this.#publishedTrainee < this.#traineeIndex.length && this.#traineeIndex[this.#publishedTrainee]! < this.#published) this.#publishedTrainee++;
    this.#publishedT = Math.max(this.#publishedT, t);
    return moved;
  }

  /** The last published sequence number in an audience's stream. */
  latestSeq(audience: Audience): number {
    return audience === 'facilitator' ? this.#published : this.#publishedTrainee;
  }

  /** Published events after `seq` in an audience's numbering, oldest first. */
  eventsAfter(audience: Audience, seq: number): Sequenced[] {
    const from = Math.max(0, seq);
    if (audience === 'facilitator') {
      return this.timeline.slice(from, this.#published).map((event, i) => ({ seq: from + i + 1, event }));
    }
    return this.#traineeIndex.slice(from, this.#publishedTrainee).map((at, i) => ({ seq: from + i + 1, event: this.timeline[at]! }));
  }

  /** Events in timeline positions [from, to) that an audience may see, with its numbering. */
  eventsBetween(audience: Audience, from: number, to: number): Sequenced[] {
    const out: Sequenced[] = [];
    let tseq = audience === 'facilitator' ? 0 : this.seqAt('trainee', from);
    for (let i = from; i < Math.min(to, this.timeline.length); i++) {
      const event = this.timeline[i]!;
      if (audience === 'facilitator') out.push({ seq: i + 1, event });
      else if (isTraineeVisible(event)) out.push({ seq: ++tseq, event });
    }
    return out;
  }

  /** An audience's seq for the events up to timeline length `mark`. */
  seqAt(audience: Audience, mark: number): number {
    if (audience === 'facilitator') return mark;
    // how many trainee-visible events sit before `mark` (the index is in timeline order)
    let lo = 0;
    let hi = this.#traineeIndex.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#traineeIndex[mid]! < mark) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The clock at the published sim time: what clients may be told. */
  clockView(): ClockView {
    const view = this.clock.view(this.clock.phase === 'running' ? this.#publishedT : this.clock.t);
    return this.#fastForward ? { ...view, untilAlert: this.#fastForward.back } : view;
  }
}

function controlEvent(entry: Extract<JournalEntry, { kind: 'control' }>, untilAlert: number | undefined): DrillEvent {
  const { t, by, control: c } = entry;
  const reason = entry.reason !== undefined ? { reason: entry.reason } : {};
  const ff = untilAlert !== undefined ? { untilAlert } : {};
  switch (c.type) {
    case 'start': return { t, by, type: 'drill_started', speed: c.speed ?? 1, ...ff };
    case 'pause': return { t, by, type: 'drill_paused', ...reason };
    case 'resume': return { t, by, type: 'drill_resumed' };
    case 'set_speed': return { t, by, type: 'speed_changed', speed: c.speed, ...ff, ...reason };
    case 'end': return { t, by, type: 'drill_ended' };
  }
}

function describe(e: JournalEntry): string {
  switch (e.kind) {
    case 'command': return `${e.command.type} at ${e.t}s`;
    case 'control': return `${e.control.type} at ${e.t}s`;
    case 'join': return `join of ${e.name} at ${e.t}s`;
    case 'publish': return `${e.published ? 'publish' : 'unpublish'} at ${e.t}s`;
    case 'submit': return `postmortem submitted at ${e.t}s`;
  }
}

/**
 * Joining as Incident Commander makes the joiner the incident's commander when nobody holds the
 * role yet: the joiner's own `assign_role`, journaled as an ordinary command right after the
 * join, so replays, the room and the scorer see it like one sent from People. Whoever holds the
 * role keeps it: a second person joining as commander is a commander-role participant, and the
 * role changes hands only by an explicit `assign_role`.
 */
export function commanderOnJoin(d: LiveDrill, join: Extract<JournalEntry, { kind: 'join' }>): JournalEntry[] {
  if (join.role !== 'commander') return [];
  if (d.engine.events.some((e) => e.type === 'role_assigned' && e.role === 'commander')) return [];
  return [{ kind: 'command', t: join.t, who: join.who, by: join.name, command: { type: 'assign_role', role: 'commander', name: join.name } }];
}
