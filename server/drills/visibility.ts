/**
 * What each audience may see. Trainees get the briefing and the public parts of a scenario, and
 * of the drill only the published past: never the answer key (`expected`), the faults, the
 * scripts, responders' knowledge, action effects, upcoming injects or changes, or the seed.
 * The facilitator gets all of it.
 *
 * Built as an allow-list: a new scenario field stays hidden from trainees until it is added here.
 */
import type { Scenario } from '../scenario/schema.js';
import type { DrillRecord, JournalEntry } from '../store/schema.js';
import type { Principal } from './access.js';
import type { LiveDrill } from './live.js';
import type { ClockView } from '../../contract/messages.js';
import type { Sequenced } from '../../contract/events.js';
import type { Role } from '../../contract/commands.js';
import { isPublished } from '../store/after-action.js';
import { faultRows, foldEvents, type DrillState, type FaultRow } from '../../contract/drill-state.js';

/**
 * A scenario in a list: enough to choose one. Anyone may read it, trainees included, so it
 * carries the skills trainees practise and not the learning objectives, which name answers.
 */
export function scenarioSummary(s: Scenario) {
  return { id: s.id, title: s.title, summary: s.summary, difficulty: s.difficulty, duration: s.duration, tags: s.tags, skills: s.skills };
}

/** The parts of a scenario anyone may read before and during a drill. */
export function publicScenario(s: Scenario) {
  return {
    ...scenarioSummary(s),
    briefing: s.briefing,
    settings: s.settings,
    services: s.services,
    teams: Object.fromEntries(Object.entries(s.teams).map(([id, t]) => [id, { name: t.name, join_delay: t.join_delay, responders: t.responders }])),
    metrics: s.metrics.map((m) => ({ name: m.name, type: m.type, help: m.help, ...(m.buckets ? { buckets: m.buckets } : {}), series: m.series.map((x) => ({ labels: x.labels })) })),
    alerts: s.alerts,
    runbooks: s.runbooks,
    /** the deploy and config history from before the drill; later changes appear as they happen */
    changes: s.changes.filter((c) => c.at < 0),
    actions: s.actions.map((a) => ({
      id: a.id, label: a.label, kind: a.kind, ...(a.service !== undefined ? { service: a.service } : {}), takes: a.takes, params: a.params,
      ...(a.requires ? { requires: a.requires } : {}),
    })),
  };
}
export type PublicScenario = ReturnType<typeof publicScenario>;

interface CommonView {
  readonly id: string;
  readonly scenarioId: string;
  /** the team running the drill, when the facilitator named one */
  readonly team?: string;
  readonly clock: ClockView;
  readonly participants: readonly { readonly name: string; readonly role: Role; readonly joinedAt: number }[];
  /** the events below, folded (contract/drill-state.ts): browsers move it on with each new event */
  readonly state: DrillState;
  readonly changes: readonly Scenario['changes'][number][];
  readonly events: readonly Sequenced[];
  /** the last sequence number in `events`: resume the WebSocket from here */
  readonly seq: number;
  /** the facilitator has published the scored report: trainees may read it */
  readonly published: boolean;
}

export type TraineeView = CommonView & {
  readonly audience: 'trainee';
  readonly you: { readonly participantId: string; readonly name: string; readonly role: Role };
  readonly scenario: PublicScenario;
};

export type FacilitatorView = CommonView & {
  readonly audience: 'facilitator';
  readonly joinCode: string;
  readonly seed: string;
  /** the whole scenario, answer key (`expected`) and scripts included */
  readonly scenario: Scenario;
  /** every fault of the scenario with its state, pending until it starts */
  readonly faults: readonly FaultRow[];
  readonly journal: readonly JournalEntry[];
};

export type DrillView = TraineeView | FacilitatorView;

/** The drill as `p` may see it. Only published events and state up to the published time. */
export function drillView(d: LiveDrill, record: Readonly<DrillRecord>, p: Principal): DrillView {
  const clock = d.clockView();
  const events = d.eventsAfter(p.audience, 0);
  const common: CommonView = {
    id: d.id,
    scenarioId: d.scenario.id,
    ...(record.team !== undefined ? { team: record.team } : {}),
    clock,
    participants: record.participants.map((x) => ({ name: x.name, role: x.role, joinedAt: x.joinedAt })),
    state: foldEvents(events.map((s) => s.event)),
    changes: happenedChanges(d),
    events,
    seq: d.latestSeq(p.audience),
    published: isPublished(record),
  };
  if (p.audience === 'trainee') {
    return { ...common, audience: 'trainee', you: { participantId: p.who, name: p.name, role: p.role }, scenario: publicScenario(d.scenario) };
  }
  return {
    ...common,
    audience: 'facilitator',
    joinCode: record.joinCode,
    seed: record.seed,
    scenario: d.scenario,
    faults: faultRows(d.scenario.faults, common.state),
    journal: record.log,
  };
}

/** History from before the drill plus every change that has happened since, in order. */
function happenedChanges(d: LiveDrill): Scenario['changes'][number][] {
  const history = d.scenario.changes.filter((c) => c.at < 0);
  const since = d.eventsAfter('trainee', 0).flatMap(({ event: e }) => {
    if (e.type !== 'change') return [];
    const c = d.scenario.changes.find((x) => x.id === e.change);
    return c ? [{ ...c, at: e.t }] : [];
  });
  return [...history, ...since];
}
