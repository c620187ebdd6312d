/**
 * The postmortem timeline and the drill's own log: pre-filling one from the other, and checking
 * a trainee's entries against what really happened (right time, within a tolerance, and words
 * that name the same event).
 */
import type { Scenario } from '../scenario/schema.js';
import { changeEvent, type Simulation } from '../sim/engine.js';
import { FACILITATOR_ONLY_EVENTS, type SimEvent } from '../../contract/events.js';
import { eventSentence } from '../../contract/event-text.js';
import type { TimelineEntry } from '../../contract/postmortem.js';
import { clock, dur, list, type Criterion } from './credit.js';
import { contentWords, normalise, splitCamel } from './text.js';


/** How far (sim seconds) an entry's time may be from the event it describes. */
export const TIMELINE_TOLERANCE = 120;

/** Event types the pre-filled timeline draws from: what trainees saw and did that matters later. */
const PREFILL_TYPES: ReadonlySet<SimEvent['type']> = new Set([
  'change', 'alert_firing', 'alert_resolved', 'alert_acknowledged', 'incident_declared', 'severity_changed', 'team_paged', 'team_joined',
  'action_started', 'action_completed', 'status_posted', 'verification', 'incident_resolved',
]);

/**
 * Timeline entries for the postmortem editor, from the drill's event log: trainee-visible events
 * only (never the fault schedule), in log order, with their sim times. Trainees edit from here,
 * so their timeline starts out true.
 */
export function prefillTimeline(drill: Simulation): TimelineEntry[] {
  const names = { team: (id: string) => teamName(drill.scenario, id) };
  return drill.events.filter((e) => PREFILL_TYPES.has(e.type) && !FACILITATOR_ONLY_EVENTS.has(e.type) && e.t >= 0)
    .map((e) => ({ t: e.t, text: eventSentence(e, names) }));
}

const teamName = (s: Scenario, id: string) => s.teams[id]?.name ?? id;

const words = (...texts: string[]) => texts.flatMap((t) => normalise(splitCamel(t)));

/**
 * The words an entry could use to name an event: the alert, team, action or change it concerns
 * and the verbs people write for it ("declared", "paged", "rolled back").
 */
export function eventKeywords(s: Scenario, e: SimEvent): Set<string> {
  const kw = (() => {
    switch (e.type) {
      case 'alert_firing': case 'alert_pending': return words(e.alert, 'alert fired firing triggered paged page');
      case 'alert_resolved': return words(e.alert, 'alert resolved cleared recovered');
      case 'alert_acknowledged': return words(e.alert, 'alert ack acked acknowledged');
      case 'incident_declared': return words(e.severity, 'incident declared opened');
      case 'severity_changed': return words(e.from, e.to, 'severity raised lowered upgraded downgraded escalated');
      case 'team_paged': return words(e.team, teamName(s, e.team), 'paged page escalated called');
      case 'team_joined': return words(e.team, teamName(s, e.team), ...e.responders, 'joined arrived');
      case 'action_started': case 'action_completed': {
        const a = s.actions.find((x) => x.id === e.action);
        return words(e.action, e.label, a?.kind ?? '', a?.service ?? '', 'started completed done finished applied ran action rolled back');
      }
      case 'status_posted': return words(e.audience, 'status update posted communicated announced stakeholders customers');
      case 'incident_resolved': return words('incident resolved closed ended');
      case 'verification': return words('verified verification recovery recovered healthy confirmed');
      case 'change': return words(e.change, e.kind, e.service, e.summary, e.version ?? '', 'change changed deploy deployed config');
      case 'inject': return words(e.from, e.channel, 'message asked');
      default: return words(e.type.replace(/_/g, ' '));
    }
  })();
  return new Set(kw.filter((w) => w.length > 1));
}

/** An event with the words that name it, and for a quotable one the words it said. */
interface Visible { readonly e: SimEvent; readonly kw: ReadonlySet<string>; readonly said?: ReadonlySet<string> }

/**
 * What trainees could see happen, with the words that name each: the drill's events and the
 * change history from before the drill (a trigger 11 minutes before T+0 belongs on the timeline
 * at its own time).
 */
function visibleEvents(s: Scenario, events: readonly SimEvent[]): Visible[] {
  const history = s.changes.filter((c) => c.at < 0).map((c) => changeEvent(c, c.at));
  return [...history, ...events].filter((e) => !FACILITATOR_ONLY_EVENTS.has(e.type) && e.type !== 'alert_pending').map((e) => visible(s, e));
}

/** Events whose own words an entry may quote: a status update or a message copied in counts as naming it. */
const QUOTABLE = new Set<SimEvent['type']>(['status_posted', 'inject', 'hypothesis_stated', 'note_added']);

function visible(s: Scenario, e: SimEvent): Visible {
  return { e, kw: eventKeywords(s, e), ...(QUOTABLE.has(e.type) && 'text' in e ? { said: new Set(contentWords(e.text)) } : {}) };
}

/** Does this entry describe this event: close enough in time, and sharing a meaningful word (or quoting it)? */
function describes(entry: TimelineEntry, v: Visible): boolean {
  if (Math.abs(entry.t - v.e.t) > TIMELINE_TOLERANCE) return false;
  const words = contentWords(entry.text);
  if (words.some((w) => v.kw.has(w))) return true;
  const said = v.said;
  return said !== undefined && words.length >= 3 && words.filter((w) => said.has(w)).length / words.length >= 0.6;
}

/** Entries needed for full accuracy credit: fewer is not much of a timeline. */
export const MIN_TIMELINE = 3;

const sameEntry = (a: TimelineEntry, b: TimelineEntry) => a.t === b.t && a.text.trim() === b.text.trim();

/**
 * Criterion: the share of the team's own timeline entries that match a real drill event. Entries
 * left exactly as the editor pre-filled them show the key moments (coverage) but earn nothing
 * here: accuracy is for what the team wrote or corrected.
 */
export function timelineAccuracy(s: Scenario, events: readonly SimEvent[], entries: readonly TimelineEntry[], prefill: readonly TimelineEntry[] = []): Criterion {
  const base = { id: 'timeline_accuracy', label: 'Timeline matches the drill', share: 0.1 };
  if (entries.length === 0) return { ...base, fraction: 0, explanation: 'The timeline is empty.' };
  const own = entries.filter((e) => !prefill.some((p) => sameEntry(p, e)));
  const kept = entries.length - own.length;
  const untouched = kept > 0 ? ` ${kept} entr${kept === 1 ? 'y is' : 'ies are'} the editor's pre-fill, left as it was: they count for coverage, not accuracy.` : '';
  if (own.length === 0) return { ...base, fraction: 0, explanation: `The timeline is the editor's pre-fill, untouched: it shows the key moments, but accuracy is credited only for entries the team wrote or corrected.` };
  const vis = visibleEvents(s, events);
  const wrong = own.filter((en) => !vis.some((v) => describes(en, v)));
  const notes = wrong.map((en) => `Entry at ${clock(en.t)} ("${en.text.slice(0, 80)}") matches no drill event within ${dur(TIMELINE_TOLERANCE)}.`);
  const fraction = (own.length - wrong.length) / Math.max(own.length, MIN_TIMELINE);
  const short = own.length < MIN_TIMELINE ? ` A timeline needs at least ${MIN_TIMELINE} entries of the team's own for full credit.` : '';
  const explanation = wrong.length === 0
    ? `All ${own.length} of the team's timeline entries match real drill events within ${dur(TIMELINE_TOLERANCE)}.${short}${untouched}`
    : `${wrong.length} of ${own.length} of the team's timeline entries match no drill event: ${notes[0]!}${short}${untouched}`;
  return { ...base, fraction, explanation, notes };
}

/** The moments any postmortem timeline must show, when they happened in the drill. */
function keyMoments(s: Scenario, events: readonly SimEvent[]): { name: string; events: SimEvent[] }[] {
  const keyActions = new Set([...(s.expected.mitigate?.any_of ?? []), ...s.expected.fix.any_of]);
  const triggers = new Set(s.expected.evidence.map((e) => e.change).filter((c): c is string => c !== undefined));
  const firstFire = events.find((e) => e.type === 'alert_firing');
  const firstFix = events.find((e) => e.type === 'action_started' && keyActions.has(e.action));
  const moments = [
    { name: 'the triggering change', events: events.filter((e) => e.type === 'change' && triggers.has(e.change) && e.t >= 0) },
    { name: 'the first alert firing', events: firstFire ? [firstFire] : [] },
    { name: 'the incident being declared', events: events.filter((e) => e.type === 'incident_declared') },
    {
      name: 'the mitigation or fix',
      events: firstFix && firstFix.type === 'action_started'
        ? events.filter((e) => (e.type === 'action_started' || e.type === 'action_completed') && e.action === firstFix.action) : [],
    },
    { name: 'the resolution', events: events.filter((e) => e.type === 'incident_resolved') },
  ];
  return moments.filter((m) => m.events.length > 0);
}

/** Criterion: the timeline shows each key moment that happened (trigger, first alert, declaration, fix, resolution). */
export function timelineCoverage(s: Scenario, events: readonly SimEvent[], entries: readonly TimelineEntry[]): Criterion {
  const base = { id: 'timeline_coverage', label: 'Timeline shows the key moments', share: 0.1 };
  const moments = keyMoments(s, events);
  if (moments.length === 0) return { ...base, share: 0, fraction: 0, explanation: 'No key moment happened in the drill.' };
  const missing = moments.filter((m) => !m.events.some((e) => { const v = visible(s, e); return entries.some((en) => describes(en, v)); }));
  const fraction = (moments.length - missing.length) / moments.length;
  const explanation = missing.length === 0
    ? `The timeline shows ${list(moments.map((m) => m.name))}.`
    : `The timeline does not show ${list(missing.map((m) => `${m.name} (at ${clock(m.events[0]!.t)})`))}.`;
  return { ...base, fraction, explanation };
}
