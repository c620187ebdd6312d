/**
 * Every drill event in words, written once: the facilitator's live feed, the room's timeline,
 * the CLI's drill log and the postmortem's pre-filled timeline all read this table. The table is
 * keyed by event type, so a new event fails the type check here until it is given words.
 */
import { ROLE_NAMES, roleName } from './commands.js';
import { formatClock, formatDuration } from './duration.js';
import { FACILITATOR_ONLY_EVENTS, type DrillEvent, type DrillEventType, type EventOf } from './events.js';

/** What an event is about: the timeline filters and the feed colours by it. */
export type Topic = 'alerts' | 'incident' | 'comms' | 'actions' | 'changes' | 'evidence' | 'notes' | 'drill' | 'faults';

export const TOPICS: readonly { readonly id: Topic; readonly label: string; readonly short: string }[] = [
  { id: 'alerts', label: 'Alerts', short: 'alert' }, { id: 'incident', label: 'Incident', short: 'incident' },
  { id: 'comms', label: 'Comms & teams', short: 'comms' }, { id: 'actions', label: 'Actions', short: 'action' },
  { id: 'changes', label: 'Changes', short: 'change' }, { id: 'evidence', label: 'Evidence & analysis', short: 'analysis' },
  { id: 'notes', label: 'Notes', short: 'note' }, { id: 'drill', label: 'Drill', short: 'drill' },
  { id: 'faults', label: 'Faults (facilitator only)', short: 'fault' },
];

export interface EventText {
  readonly topic: Topic;
  /** who did it: a participant, a responder, an author; absent when the system did */
  readonly who?: string;
  /** what happened, as the rest of a sentence after `who` (or the whole sentence without one) */
  readonly text: string;
  /** worth the eye: an alert firing, a fault starting, a failed verification */
  readonly loud?: boolean;
}

/** Display names for ids in events; without them the ids are shown. */
export interface EventNames {
  readonly team?: (id: string) => string;
}

type Describe<K extends DrillEventType> = (e: EventOf<K>, n: Required<EventNames>) => EventText;

const params = (p: Readonly<Record<string, string>>) => {
  const list = Object.entries(p).map(([k, v]) => `${k}=${v}`).join(', ');
  return list ? ` (${list})` : '';
};
const summary = (e: { readonly annotations: Readonly<Record<string, string>> }) => (e.annotations.summary ? `: ${e.annotations.summary}` : '');
const where = (e: { readonly labels: Readonly<Record<string, string>> }) => (e.labels.service ? ` (${e.labels.service})` : '');
const pct = (level: number) => `${Math.round(level * 100)}%`;

const TEXT: { readonly [K in DrillEventType]: Describe<K> } = {
  change: (e) => ({ topic: 'changes', who: e.author, text: `made a ${e.kind} change to ${e.service}${e.version ? ` (${e.version})` : ''}: ${e.summary}` }),
  inject: (e) => ({ topic: 'comms', who: e.from, text: `via ${e.channel}: ${e.text}` }),
  fault_started: (e) => ({ topic: 'faults', text: `Fault started: ${e.title}`, loud: true }),
  fault_changed: (e) => ({ topic: 'faults', text: `Fault ${e.fault} is ${e.status}, strength ${pct(e.level)}: ${e.cause}` }),
  alert_pending: (e) => ({ topic: 'alerts', text: `${e.alert}${where(e)} pending${summary(e)}` }),
  alert_firing: (e) => ({ topic: 'alerts', text: `${e.alert}${where(e)} firing${summary(e)}`, loud: true }),
  alert_resolved: (e) => ({ topic: 'alerts', text: `${e.alert}${where(e)} resolved` }),
  alert_acknowledged: (e) => ({ topic: 'alerts', who: e.by, text: `acknowledged ${e.alert}` }),
  incident_declared: (e) => ({ topic: 'incident', who: e.by, text: `declared a ${e.severity} incident: ${e.title}` }),
  severity_changed: (e) => ({ topic: 'incident', who: e.by, text: `changed the severity from ${e.from} to ${e.to}` }),
  incident_resolved: (e) => ({ topic: 'incident', who: e.by, text: `resolved the incident${e.verified ? ' (verified)' : ' (not verified)'}${e.summary ? `: ${e.summary}` : ''}` }),
  verification: (e) => ({ topic: 'incident', who: e.by, text: e.passed ? `verified recovery: ${e.reason}` : `could not verify recovery: ${e.reason}`, ...(e.passed ? {} : { loud: true }) }),
  role_assigned: (e) => ({ topic: 'incident', who: e.name, text: `is now ${roleName(e.role)}${e.by && e.by !== e.name ? ` (assigned by ${e.by})` : ''}` }),
  team_paged: (e, n) => ({ topic: 'comms', who: e.by, text: `paged ${n.team(e.team)} (joins at ${formatClock(e.joinsAt)})` }),
  team_joined: (e, n) => ({ topic: 'comms', who: e.responders.join(', '), text: `joined for ${n.team(e.team)}` }),
  question_asked: (e, n) => ({ topic: 'comms', who: e.by, text: `asked ${n.team(e.team)}: ${e.question}` }),
  answer: (e, n) => ({ topic: 'comms', who: `${e.responder} (${n.team(e.team)})`, text: `answered: ${e.text}` }),
  status_posted: (e) => ({ topic: 'comms', who: e.by, text: `posted an ${e.audience} update: ${e.text}` }),
  action_started: (e) => ({ topic: 'actions', who: e.by, text: `started “${e.label}”${params(e.params)}, done in ${formatDuration(e.doneAt - e.t)}` }),
  action_completed: (e) => ({ topic: 'actions', text: `“${e.label}” completed: ${e.outcome}` }),
  evidence_pinned: (e) => ({ topic: 'evidence', who: e.by, text: `pinned ${e.kind}: ${e.ref}${e.note ? ` (${e.note})` : ''}` }),
  hypothesis_stated: (e) => ({ topic: 'evidence', who: e.by, text: `stated a hypothesis: ${e.text}` }),
  doc_flagged: (e) => ({ topic: 'evidence', who: e.by, text: `flagged runbook ${e.runbook}: ${e.text}` }),
  note_added: (e) => ({ topic: 'notes', who: e.by, text: `noted: ${e.text}` }),
  drill_started: (e) => ({ topic: 'drill', who: e.by, text: e.untilAlert !== undefined ? `started the drill, fast-forwarding at ${e.speed}x until the first alert` : `started the drill at ${e.speed}x` }),
  drill_paused: (e) => ({ topic: 'drill', who: e.by ?? 'Drillhall', text: `paused the drill${e.reason ? ` (${e.reason})` : ''}` }),
  drill_resumed: (e) => ({ topic: 'drill', who: e.by, text: 'resumed the drill' }),
  speed_changed: (e) => ({
    topic: 'drill', who: e.by,
    text: e.reason ? `set the speed to ${e.speed}x (${e.reason})` : e.untilAlert !== undefined ? `fast-forwards at ${e.speed}x until the next alert` : `set the speed to ${e.speed}x`,
  }),
  drill_ended: (e) => ({ topic: 'drill', who: e.by, text: 'ended the drill' }),
  participant_joined: (e) => ({ topic: 'drill', who: e.name, text: `joined as ${ROLE_NAMES[e.role]}` }),
  report_published: (e) => ({ topic: 'drill', who: e.by ?? 'The facilitator', text: 'published the drill report' }),
  postmortem_submitted: (e) => ({ topic: 'drill', who: e.by ?? 'Someone', text: 'submitted the postmortem' }),
};

const SAME: Required<EventNames> = { team: (id) => id };

/**
 * @example describeEvent({ t: 60, type: 'team_paged', team: 'dba', joinsAt: 300, by: 'Ada' })
 *   // { topic: 'comms', who: 'Ada', text: 'paged dba (joins at T+00:05:00)' }
 */
export function describeEvent(e: DrillEvent, names: EventNames = {}): EventText {
  const n = { ...SAME, ...names };
  const describe = TEXT[e.type] as Describe<DrillEventType>;
  const d = describe(e as never, n);
  // Scripts (simulations, tests) act as "script": that is nobody a reader needs to see.
  return d.who === undefined || d.who === 'script' ? { topic: d.topic, text: capitalise(d.text), ...(d.loud ? { loud: true } : {}) } : d;
}

/**
 * The event as one sentence: `Ada paged dba (joins at T+00:05:00)`.
 * @example eventSentence({ t: 1, type: 'alert_resolved', alert: 'X', fingerprint: 'f', labels: {}, annotations: {}, value: 0 }) // 'X resolved'
 */
export function eventSentence(e: DrillEvent, names: EventNames = {}): string {
  return sentence(describeEvent(e, names));
}

/** A description as one sentence, who first. */
export function sentence(d: EventText): string {
  return d.who === undefined ? d.text : `${d.who} ${d.text}`;
}

/** True for events only the facilitator's stream carries. */
export function isSecret(e: DrillEvent): boolean {
  return (FACILITATOR_ONLY_EVENTS as ReadonlySet<string>).has(e.type);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
