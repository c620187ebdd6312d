/**
 * One line of words per drill event, for the facilitator's live feed (and anything else that
 * lists events). Pure and exhaustive over DrillEvent, so a new event type fails the type check
 * here instead of showing up blank.
 */
import type { DrillEvent } from '../../server/drills/protocol.js';
import { FACILITATOR_ONLY_EVENTS } from '../../server/sim/events.js';
import { formatClock } from '../../server/scenario/duration.js';

/** How the feed colours a line. `secret` lines are the ones trainees never see. */
export type EventKind = 'secret' | 'alert' | 'team' | 'clock' | 'inject' | 'change' | 'people';

export interface EventLine {
  readonly kind: EventKind;
  /** who did it: a participant's name, a responder, or the system */
  readonly who: string;
  readonly text: string;
  /** an alert firing, a harmful-looking failure: worth the eye */
  readonly loud?: boolean;
}

const pct = (level: number) => `${Math.round(level * 100)}%`;
const quote = (s: string, max = 240) => `"${s.length > max ? `${s.slice(0, max - 1)}…` : s}"`;

/**
 * Describe an event in a sentence fragment.
 * @example describeEvent({ t: 60, type: 'team_paged', team: 'payments', joinsAt: 240, by: 'Ada' })
 *   // { kind: 'team', who: 'Ada', text: 'paged payments (joins at T+00:04:00)' }
 */
export function describeEvent(e: DrillEvent): EventLine {
  const by = e.by ?? 'team';
  const service = 'labels' in e ? e.labels.service : undefined;
  const where = service ? ` (${service})` : '';
  switch (e.type) {
    case 'change': return { kind: 'change', who: e.author, text: `${e.kind} to ${e.service}: ${e.summary}${e.version ? ` (${e.version})` : ''}` };
    case 'inject': return { kind: 'inject', who: e.from, text: `via ${e.channel}: ${quote(e.text)}` };
    case 'fault_started': return { kind: 'secret', who: 'scenario', text: `fault started: ${e.title}`, loud: true };
    case 'fault_changed': return { kind: 'secret', who: 'scenario', text: `fault ${e.fault} is ${e.status}, strength ${pct(e.level)}: ${e.cause}` };
    case 'alert_pending': return { kind: 'alert', who: 'alerting', text: `${e.alert}${where} pending` };
    case 'alert_firing': return { kind: 'alert', who: 'alerting', text: `${e.alert}${where} firing`, loud: true };
    case 'alert_resolved': return { kind: 'alert', who: 'alerting', text: `${e.alert}${where} resolved` };
    case 'alert_acknowledged': return { kind: 'team', who: by, text: `acknowledged ${e.alert}` };
    case 'incident_declared': return { kind: 'team', who: by, text: `declared ${e.severity}: ${e.title}` };
    case 'severity_changed': return { kind: 'team', who: by, text: `changed severity ${e.from} → ${e.to}` };
    case 'team_paged': return { kind: 'team', who: by, text: `paged ${e.team} (joins at ${formatClock(e.joinsAt)})` };
    case 'team_joined': return { kind: 'people', who: e.responders.join(', '), text: `${e.team} joined: ${quote(e.text)}` };
    case 'question_asked': return { kind: 'team', who: by, text: `asked ${e.team}: ${quote(e.question)}` };
    case 'answer': return { kind: 'people', who: `${e.responder} (${e.team})`, text: quote(e.text) };
    case 'action_started': return { kind: 'team', who: by, text: `started ${e.label}${params(e.params)} (done at ${formatClock(e.doneAt)})` };
    case 'action_completed': return { kind: 'team', who: by, text: `${e.label} completed: ${e.outcome}` };
    case 'status_posted': return { kind: 'team', who: by, text: `${e.audience} status update: ${quote(e.text)}` };
    case 'note_added': return { kind: 'team', who: by, text: `note: ${quote(e.text)}` };
    case 'evidence_pinned': return { kind: 'team', who: by, text: `pinned ${e.kind} ${quote(e.ref, 120)}${e.note ? `: ${e.note}` : ''}` };
    case 'hypothesis_stated': return { kind: 'team', who: by, text: `hypothesis: ${quote(e.text)}` };
    case 'verification': return { kind: 'team', who: by, text: `verification ${e.passed ? 'passed' : 'failed'}: ${e.reason}`, ...(e.passed ? {} : { loud: true }) };
    case 'incident_resolved': return { kind: 'team', who: by, text: `resolved the incident${e.verified ? ' (verified)' : ' without a passing verification'}${e.summary ? `: ${quote(e.summary)}` : ''}` };
    case 'doc_flagged': return { kind: 'team', who: by, text: `flagged runbook ${e.runbook}: ${quote(e.text)}` };
    case 'role_assigned': return { kind: 'team', who: by, text: `named ${e.name} ${e.role}` };
    case 'drill_started': return { kind: 'clock', who: by, text: e.untilAlert !== undefined ? `started the drill, fast-forwarding at ${e.speed}x until the first alert` : `started the drill at ${e.speed}x` };
    case 'drill_paused': return { kind: 'clock', who: e.by ?? 'server', text: `paused the drill${e.reason ? ` (${e.reason})` : ''}` };
    case 'drill_resumed': return { kind: 'clock', who: by, text: 'resumed the drill' };
    case 'speed_changed': return { kind: 'clock', who: by, text: e.reason ? `set the speed to ${e.speed}x (${e.reason})` : e.untilAlert !== undefined ? `fast-forwards at ${e.speed}x until the next alert` : `set the speed to ${e.speed}x` };
    case 'drill_ended': return { kind: 'clock', who: by, text: 'ended the drill' };
    case 'participant_joined': return { kind: 'people', who: e.name, text: `joined as ${e.role}` };
    case 'report_published': return { kind: 'clock', who: e.by ?? 'facilitator', text: 'published the scored report to the team' };
    case 'postmortem_submitted': return { kind: 'people', who: by, text: 'submitted the postmortem for grading' };
  }
}

/**
 * Scenario text as written, for the facilitator's lists: `{{ query "..." }}` story numbers are
 * filled in only when the inject fires, so before that they read as a placeholder, not code.
 * @example withoutTemplates('{{ query "x" | printf "%.0f" }}% failing') // '[live figure]% failing'
 */
export function withoutTemplates(text: string): string {
  return text.replace(/\{\{[\s\S]*?\}\}/g, '[live figure]');
}

/** True for events only the facilitator's stream carries. */
export function isSecret(e: DrillEvent): boolean {
  return (FACILITATOR_ONLY_EVENTS as ReadonlySet<string>).has(e.type);
}

function params(p: Readonly<Record<string, string>>): string {
  const entries = Object.entries(p);
  return entries.length ? ` (${entries.map(([k, v]) => `${k}=${v}`).join(', ')})` : '';
}
