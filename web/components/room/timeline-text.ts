/**
 * One line per drill event for the timeline, in plain words, with the category the timeline
 * filters by. Pure, so the wording is tested.
 */
import type { DrillEvent } from '../../../server/drills/protocol.js';
import { formatDuration, simTime } from './format.js';

export type TimelineKind = 'alerts' | 'incident' | 'comms' | 'actions' | 'changes' | 'evidence' | 'notes' | 'drill';

export const TIMELINE_KINDS: readonly { readonly id: TimelineKind; readonly label: string; readonly short: string }[] = [
  { id: 'alerts', label: 'Alerts', short: 'alert' }, { id: 'incident', label: 'Incident', short: 'incident' },
  { id: 'comms', label: 'Comms & teams', short: 'comms' }, { id: 'actions', label: 'Actions', short: 'action' },
  { id: 'changes', label: 'Changes', short: 'change' }, { id: 'evidence', label: 'Evidence & analysis', short: 'analysis' },
  { id: 'notes', label: 'Notes', short: 'note' }, { id: 'drill', label: 'Drill', short: 'drill' },
];

export interface TimelineLine { readonly kind: TimelineKind; readonly text: string }

/**
 * @example describeEvent({ t: 60, type: 'team_paged', team: 'dba', joinsAt: 300, by: 'Ada' }) // { kind: 'comms', text: 'Ada paged dba (joins at T+00:05:00)' }
 */
export function describeEvent(e: DrillEvent): TimelineLine | undefined {
  const who = e.by ?? 'Someone';
  switch (e.type) {
    case 'alert_pending': return { kind: 'alerts', text: `${e.alert} pending${e.annotations.summary ? `: ${e.annotations.summary}` : ''}` };
    case 'alert_firing': return { kind: 'alerts', text: `${e.alert} firing${e.annotations.summary ? `: ${e.annotations.summary}` : ''}` };
    case 'alert_resolved': return { kind: 'alerts', text: `${e.alert} resolved` };
    case 'alert_acknowledged': return { kind: 'alerts', text: `${who} acknowledged ${e.alert}` };
    case 'incident_declared': return { kind: 'incident', text: `${who} declared a ${e.severity} incident: ${e.title}` };
    case 'severity_changed': return { kind: 'incident', text: `${who} changed the severity from ${e.from} to ${e.to}` };
    case 'incident_resolved': return { kind: 'incident', text: `${who} resolved the incident${e.verified ? ' (verified)' : ' (not verified)'}${e.summary ? `: ${e.summary}` : ''}` };
    case 'verification': return { kind: 'incident', text: `Verification ${e.passed ? 'passed' : 'failed'}: ${e.reason}` };
    case 'role_assigned': return { kind: 'incident', text: `${e.name} is now ${e.role}${e.by && e.by !== e.name ? ` (assigned by ${e.by})` : ''}` };
    case 'team_paged': return { kind: 'comms', text: `${who} paged ${e.team} (joins at ${simTime(e.joinsAt)})` };
    case 'team_joined': return { kind: 'comms', text: e.text };
    case 'question_asked': return { kind: 'comms', text: `${who} asked ${e.team}: ${e.question}` };
    case 'answer': return { kind: 'comms', text: `${e.responder} (${e.team}): ${e.text}` };
    case 'inject': return { kind: 'comms', text: `${e.from} via ${e.channel}: ${e.text}` };
    case 'status_posted': return { kind: 'comms', text: `${who} posted an ${e.audience} update: ${e.text}` };
    case 'action_started': {
      const params = Object.entries(e.params).map(([k, v]) => `${k}=${v}`).join(', ');
      return { kind: 'actions', text: `${who} started “${e.label}”${params ? ` (${params})` : ''}, done in ${formatDuration(e.doneAt - e.t)}` };
    }
    case 'action_completed': return { kind: 'actions', text: `“${e.label}” completed: ${e.outcome}` };
    case 'change': return { kind: 'changes', text: `${e.kind} on ${e.service}${e.version ? ` ${e.version}` : ''} by ${e.author}: ${e.summary}` };
    case 'evidence_pinned': return { kind: 'evidence', text: `${who} pinned ${e.kind}: ${e.ref}${e.note ? ` (${e.note})` : ''}` };
    case 'hypothesis_stated': return { kind: 'evidence', text: `${who} stated a hypothesis: ${e.text}` };
    case 'doc_flagged': return { kind: 'evidence', text: `${who} flagged runbook ${e.runbook}: ${e.text}` };
    case 'note_added': return { kind: 'notes', text: `${who}: ${e.text}` };
    case 'drill_started': return { kind: 'drill', text: e.untilAlert !== undefined ? `The drill started, fast-forwarding at ${e.speed}x until the first alert` : `The drill started at ${e.speed}x` };
    case 'drill_paused': return { kind: 'drill', text: `The drill was paused${e.reason ? ` (${e.reason})` : ''}` };
    case 'drill_resumed': return { kind: 'drill', text: 'The drill resumed' };
    case 'speed_changed': return { kind: 'drill', text: e.reason ? `${e.reason}: the clock runs at ${e.speed}x` : e.untilAlert !== undefined ? `Fast-forwarding at ${e.speed}x until the next alert` : `Speed set to ${e.speed}x` };
    case 'drill_ended': return { kind: 'drill', text: 'The drill ended' };
    case 'participant_joined': return { kind: 'drill', text: `${e.name} joined as ${e.role}` };
    case 'report_published': return { kind: 'drill', text: 'The facilitator published the drill report' };
    case 'postmortem_submitted': return { kind: 'drill', text: `${e.by ?? 'Someone'} submitted the postmortem` };
    // The facilitator's fault events never reach trainees; nothing to show if one did.
    case 'fault_started': case 'fault_changed': return undefined;
    default: {
      // A new event type fails the type check here instead of vanishing from the timeline.
      const unknown: never = e;
      return unknown;
    }
  }
}
