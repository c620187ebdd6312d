/**
 * The postmortem editor's state and how it maps to what the server stores. The form keeps what
 * people typed exactly (a time being typed, bullet lines, blank lines), the draft keeps enough
 * to give the same form back after a reload, and the submission is the clean document the
 * scorer grades. Pure, so the mapping is tested without a browser.
 */
import type { PostmortemInput } from '../../../contract/postmortem.js';
import { ACTION_ITEM_TYPES as ITEM_TYPES, POSTMORTEM_LIMITS as LIMITS, PRIORITIES, type ActionItemType as ItemType, type Priority, type TimelineEntry } from '../../../contract/postmortem.js';
import { formatClock, parseDuration } from '../../../contract/duration.js';
import type { PostmortemDraft } from './review-api.js';

type ActionItemInput = NonNullable<PostmortemInput['action_items']>[number];

export interface TimelineRow {
  /** stable identity for the row while it moves (Lit's repeat key) */
  readonly key: string;
  /** sim seconds: the last time that parsed */
  readonly t: number;
  /** the time as typed */
  readonly time: string;
  readonly text: string;
}

export interface ActionRow {
  readonly key: string;
  readonly title: string;
  readonly owner: string;
  readonly priority: Priority | '';
  readonly type: ItemType | '';
  readonly due: string;
}

export type ListField = 'contributing_factors' | 'what_went_well' | 'what_went_wrong' | 'where_we_got_lucky';
export type TextField = 'summary' | 'root_cause' | 'trigger' | 'detection' | 'resolution';

export interface ImpactForm {
  readonly description: string;
  readonly duration: string;
  /** numbers as typed; empty when not given */
  readonly minutes: string;
  readonly users_affected: string;
  readonly requests_failed: string;
}

export interface PostmortemForm {
  readonly summary: string;
  readonly impact: ImpactForm;
  readonly timeline: readonly TimelineRow[];
  readonly root_cause: string;
  readonly trigger: string;
  /** lists are edited as text, one item a line */
  readonly contributing_factors: string;
  readonly detection: string;
  readonly resolution: string;
  readonly what_went_well: string;
  readonly what_went_wrong: string;
  readonly where_we_got_lucky: string;
  readonly action_items: readonly ActionRow[];
}

/** The sections in template order, with their headings and what a good one says. */
export const SECTIONS = [
  { id: 'summary', title: 'Summary', hint: 'Two or three sentences: what broke, what it cost users, how it was found and fixed.' },
  { id: 'impact', title: 'Impact', hint: 'How long it lasted and how many users or requests were hurt. Numbers beat adjectives: they are checked against the drill.' },
  { id: 'timeline', title: 'Timeline', hint: 'Pre-filled from the drill\'s log. Keep the key moments (the change, the first alert, declaration, mitigation, fix, resolution) and add what the log cannot know.' },
  { id: 'root_cause', title: 'Root cause', hint: 'The underlying condition, named precisely: the component, the setting, the version.' },
  { id: 'trigger', title: 'Trigger', hint: 'What set it off at that moment: a deploy, a config change, a traffic spike.' },
  { id: 'contributing_factors', title: 'Contributing factors', hint: 'One per line: what made it likelier, bigger or slower to fix.' },
  { id: 'detection', title: 'Detection', hint: 'How and when it was noticed, and what would have caught it sooner.' },
  { id: 'resolution', title: 'Resolution', hint: 'What relieved the symptoms, what fixed the cause, and how recovery was verified.' },
  { id: 'what_went_well', title: 'What went well', hint: 'One per line.' },
  { id: 'what_went_wrong', title: 'What went wrong', hint: 'One per line. Describe conditions and missing safeguards, not people.' },
  { id: 'where_we_got_lucky', title: 'Where we got lucky', hint: 'One per line: what could have made it worse.' },
  { id: 'action_items', title: 'Action items', hint: 'Specific and owned: name the alert, config, runbook or test that will change.' },
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];

const SECTION_IDS = new Set<string>(SECTIONS.map((s) => s.id));

let nextKey = 0;
/** A fresh row key; unique within the page. */
export function rowKey(): string {
  nextKey += 1;
  return `r${nextKey}`;
}

export const EMPTY_IMPACT: ImpactForm = { description: '', duration: '', minutes: '', users_affected: '', requests_failed: '' };

export function emptyActionRow(): ActionRow {
  return { key: rowKey(), title: '', owner: '', priority: '', type: '', due: '' };
}

export function timelineRow(t: number, text: string): TimelineRow {
  return { key: rowKey(), t, time: clockInput(t), text };
}

/** A sim time as the timeline's time field shows it: `00:12:30` (the drill clock without `T+`). */
export function clockInput(t: number): string {
  return formatClock(t).replace(/^T\+/, '');
}

/**
 * Read a sim time typed into the timeline: the drill clock (`T+00:12:30`, `00:12:30`, `12:30`)
 * or a duration (`12m30s`, `750`). Undefined when it is neither, or before the drill.
 * @example parseSimTime('T+00:12:30') // 750
 */
export function parseSimTime(text: string): number | undefined {
  const s = text.trim().replace(/^T\s*\+\s*/i, '');
  if (!s) return undefined;
  const clock = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})$/.exec(s);
  if (clock) {
    const [h, m, sec] = [Number(clock[1] ?? 0), Number(clock[2]), Number(clock[3])];
    if (m > 59 || sec > 59) return undefined;
    return h * 3600 + m * 60 + sec;
  }
  const d = parseDuration(s.replace(/\s+/g, ''));
  return d !== undefined && d >= 0 ? d : undefined;
}

function listText(v: unknown): string {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').join('\n');
  return typeof v === 'string' ? v : '';
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const numText = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '');
const oneOf = <T extends string>(xs: readonly T[], v: unknown): T | '' => (xs as readonly unknown[]).includes(v) ? (v as T) : '';

/**
 * The form for a saved draft, or a fresh one whose timeline starts from the drill's own log.
 * A draft of an older or looser shape fills what it can.
 */
export function formFromDraft(draft: PostmortemDraft | null, prefill: readonly TimelineEntry[] = []): PostmortemForm {
  const d = (draft ?? {}) as Partial<Record<keyof PostmortemInput, unknown>>;
  const impact = (d.impact ?? {}) as Partial<Record<keyof ImpactForm, unknown>>;
  const timeline = draft && Array.isArray(d.timeline)
    ? (d.timeline as unknown[]).flatMap((e) => {
      const x = e as { t?: unknown; text?: unknown } | null;
      return x && typeof x.t === 'number' && Number.isFinite(x.t) ? [timelineRow(x.t, str(x.text))] : [];
    })
    : prefill.map((e) => timelineRow(e.t, e.text));
  const items = Array.isArray(d.action_items) ? (d.action_items as unknown[]) : [];
  return {
    summary: str(d.summary),
    impact: {
      description: str(impact.description), duration: str(impact.duration), minutes: numText(impact.minutes),
      users_affected: str(impact.users_affected), requests_failed: numText(impact.requests_failed),
    },
    timeline,
    root_cause: str(d.root_cause),
    trigger: str(d.trigger),
    contributing_factors: listText(d.contributing_factors),
    detection: str(d.detection),
    resolution: str(d.resolution),
    what_went_well: listText(d.what_went_well),
    what_went_wrong: listText(d.what_went_wrong),
    where_we_got_lucky: listText(d.where_we_got_lucky),
    action_items: items.map((raw) => {
      const a = (raw ?? {}) as Record<string, unknown>;
      return { key: rowKey(), title: str(a.title), owner: str(a.owner), priority: oneOf(PRIORITIES, a.priority), type: oneOf(ITEM_TYPES, a.type), due: str(a.due) };
    }),
  };
}

/** A number typed into a field, or undefined when empty or not a non-negative number. */
export function parseCount(text: string): number | undefined {
  const s = text.trim().replace(/[,_\s]/g, '');
  if (!s) return undefined;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function impactOut(i: ImpactForm): NonNullable<PostmortemInput['impact']> {
  const minutes = parseCount(i.minutes);
  const failed = parseCount(i.requests_failed);
  return {
    description: i.description, duration: i.duration, users_affected: i.users_affected,
    ...(minutes !== undefined ? { minutes } : {}), ...(failed !== undefined ? { requests_failed: failed } : {}),
  };
}

function itemOut(a: ActionRow, clean: boolean): ActionItemInput {
  const f = (s: string) => (clean ? s.trim() : s);
  return { title: f(a.title), owner: f(a.owner), due: f(a.due), ...(a.priority ? { priority: a.priority } : {}), ...(a.type ? { type: a.type } : {}) };
}

/**
 * What autosave stores: everything as typed, lists as their lines (blank ones too, so the text
 * comes back as it was), the timeline with the last time that parsed for each row.
 */
export function draftFromForm(f: PostmortemForm): PostmortemDraft {
  const lines = (s: string) => (s === '' ? [] : s.split('\n'));
  return {
    summary: f.summary,
    impact: impactOut(f.impact),
    timeline: f.timeline.map((r) => ({ t: r.t, text: r.text })),
    root_cause: f.root_cause,
    trigger: f.trigger,
    contributing_factors: lines(f.contributing_factors),
    detection: f.detection,
    resolution: f.resolution,
    what_went_well: lines(f.what_went_well),
    what_went_wrong: lines(f.what_went_wrong),
    where_we_got_lucky: lines(f.where_we_got_lucky),
    action_items: f.action_items.map((a) => itemOut(a, false)),
  };
}

/**
 * One list item a line, bullets and numbering taken off, blank lines dropped.
 * @example listItems('- pool too small\n\n2) no alert') // ['pool too small', 'no alert']
 */
export function listItems(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim()).filter(Boolean);
}

/**
 * The document to submit: text trimmed, lists as items, the timeline in time order without
 * empty rows, action items without wholly empty rows.
 */
export function postmortemFromForm(f: PostmortemForm): PostmortemInput {
  const i = f.impact;
  return {
    summary: f.summary.trim(),
    impact: { ...impactOut(i), description: i.description.trim(), duration: i.duration.trim(), users_affected: i.users_affected.trim() },
    timeline: f.timeline.filter((r) => r.text.trim() !== '').map((r) => ({ t: r.t, text: r.text.trim() })).sort((a, b) => a.t - b.t),
    root_cause: f.root_cause.trim(),
    trigger: f.trigger.trim(),
    contributing_factors: listItems(f.contributing_factors),
    detection: f.detection.trim(),
    resolution: f.resolution.trim(),
    what_went_well: listItems(f.what_went_well),
    what_went_wrong: listItems(f.what_went_wrong),
    where_we_got_lucky: listItems(f.where_we_got_lucky),
    action_items: f.action_items.filter((a) => [a.title, a.owner, a.due].some((s) => s.trim() !== '') || a.priority || a.type).map((a) => itemOut(a, true)),
  };
}

export type Problems = Partial<Record<SectionId, readonly string[]>>;

const tooLong = (what: string, s: string, max: number) => (s.length > max ? [`${what} is ${s.length.toLocaleString('en')} characters; the limit is ${max.toLocaleString('en')}.`] : []);

/**
 * What would make the server refuse the postmortem, found before sending it: times that do not
 * read as a drill time, numbers that are not numbers, text over the size limits, action items
 * with details but no title.
 */
export function formProblems(f: PostmortemForm): Problems {
  const out: Record<string, string[]> = {};
  const add = (id: SectionId, msgs: readonly string[]) => { if (msgs.length) out[id] = [...(out[id] ?? []), ...msgs]; };
  for (const id of ['summary', 'root_cause', 'trigger', 'detection', 'resolution'] as const) add(id, tooLong('This section', f[id], LIMITS.text));
  for (const id of ['contributing_factors', 'what_went_well', 'what_went_wrong', 'where_we_got_lucky'] as const) {
    const items = listItems(f[id]);
    add(id, [
      ...tooLong('This section', f[id], LIMITS.text),
      ...(items.length > LIMITS.lines ? [`${items.length} items; the limit is ${LIMITS.lines}.`] : []),
      ...items.flatMap((x, i) => tooLong(`Item ${i + 1}`, x, LIMITS.line)),
    ]);
  }
  const i = f.impact;
  add('impact', [
    ...(i.minutes.trim() && parseCount(i.minutes) === undefined ? [`Duration in minutes "${i.minutes.trim()}" is not a number.`] : []),
    ...(i.requests_failed.trim() && parseCount(i.requests_failed) === undefined ? [`Failed requests "${i.requests_failed.trim()}" is not a number.`] : []),
    ...tooLong('The description', i.description, LIMITS.text), ...tooLong('The duration', i.duration, LIMITS.text), ...tooLong('Users affected', i.users_affected, LIMITS.text),
  ]);
  add('timeline', [
    ...(f.timeline.length > LIMITS.timeline ? [`${f.timeline.length} entries; the limit is ${LIMITS.timeline}.`] : []),
    ...f.timeline.flatMap((r, n) => [
      ...(parseSimTime(r.time) === undefined ? [`Entry ${n + 1}: "${r.time}" is not a drill time; write it as 00:12:30 (hours:minutes:seconds).`] : []),
      ...tooLong(`Entry ${n + 1}`, r.text, LIMITS.timelineText),
    ]),
  ]);
  add('action_items', [
    ...(f.action_items.length > LIMITS.items ? [`${f.action_items.length} items; the limit is ${LIMITS.items}.`] : []),
    ...f.action_items.flatMap((a, n) => [
      ...(!a.title.trim() && (a.owner.trim() || a.due.trim() || a.priority || a.type) ? [`Item ${n + 1} has no action: say what will change.`] : []),
      ...tooLong(`Item ${n + 1}'s action`, a.title, LIMITS.title), ...tooLong(`Item ${n + 1}'s owner`, a.owner, LIMITS.owner), ...tooLong(`Item ${n + 1}'s due date`, a.due, LIMITS.due),
    ]),
  ]);
  return out as Problems;
}

/** Sections nobody has written in yet: they score nothing, so the editor says so before submitting. */
export function emptySections(f: PostmortemForm): SectionId[] {
  const blank = (s: string) => s.trim() === '';
  const i = f.impact;
  const empty: Record<SectionId, boolean> = {
    summary: blank(f.summary),
    impact: [i.description, i.duration, i.minutes, i.users_affected, i.requests_failed].every(blank),
    timeline: f.timeline.every((r) => blank(r.text)),
    root_cause: blank(f.root_cause),
    trigger: blank(f.trigger),
    contributing_factors: listItems(f.contributing_factors).length === 0,
    detection: blank(f.detection),
    resolution: blank(f.resolution),
    what_went_well: listItems(f.what_went_well).length === 0,
    what_went_wrong: listItems(f.what_went_wrong).length === 0,
    where_we_got_lucky: listItems(f.where_we_got_lucky).length === 0,
    action_items: f.action_items.every((a) => blank(a.title)),
  };
  return SECTIONS.map((s) => s.id).filter((id) => empty[id]);
}

/**
 * The section a server validation issue is about, from its dotted path
 * ("postmortem.action_items.0.owner" or "draft.impact.minutes").
 * @example sectionOfIssue('postmortem.timeline.3.t') // 'timeline'
 */
export function sectionOfIssue(path: string): SectionId | undefined {
  const parts = path.split('.');
  const start = parts[0] === 'postmortem' || parts[0] === 'draft' ? 1 : 0;
  const id = parts[start];
  return id !== undefined && SECTION_IDS.has(id) ? (id as SectionId) : undefined;
}

/**
 * Server issues grouped by section, each in words with the row it concerns; issues about no
 * section go under `other`.
 */
export function problemsFromIssues(issues: readonly { path: string; message: string }[]): { sections: Problems; other: string[] } {
  const sections: Record<string, string[]> = {};
  const other: string[] = [];
  for (const i of issues) {
    const id = sectionOfIssue(i.path);
    if (!id) { other.push(i.path ? `${i.path}: ${i.message}` : i.message); continue; }
    const rest = i.path.split('.').slice(i.path.startsWith('postmortem.') || i.path.startsWith('draft.') ? 2 : 1);
    const row = rest[0] !== undefined && /^\d+$/.test(rest[0]) ? `${id === 'timeline' ? 'Entry' : 'Item'} ${Number(rest[0]) + 1}${rest[1] ? ` (${rest[1].replace(/_/g, ' ')})` : ''}: ` : rest[0] ? `${rest[0].replace(/_/g, ' ')}: ` : '';
    sections[id] = [...(sections[id] ?? []), `${row}${i.message}`];
  }
  return { sections: sections as Problems, other };
}

/** Move a row up (-1) or down (+1); the same array when it cannot move. */
export function moveRow<T>(rows: readonly T[], index: number, by: -1 | 1): readonly T[] {
  const to = index + by;
  if (index < 0 || index >= rows.length || to < 0 || to >= rows.length) return rows;
  const next = rows.slice();
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

/** Rows sorted by their time, stable for equal times. */
export function sortTimeline(rows: readonly TimelineRow[]): readonly TimelineRow[] {
  return rows.map((r, i) => [r, i] as const).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map(([r]) => r);
}

/**
 * The drill's own events that the timeline lacks (same time and text), merged in time order:
 * "add what happened since" after the drill moved on, or after rows were deleted by mistake.
 */
export function mergePrefill(rows: readonly TimelineRow[], prefill: readonly TimelineEntry[]): { rows: readonly TimelineRow[]; added: number } {
  const have = new Set(rows.map((r) => `${Math.round(r.t)}|${r.text.trim()}`));
  const missing = prefill.filter((e) => !have.has(`${Math.round(e.t)}|${e.text.trim()}`));
  if (missing.length === 0) return { rows, added: 0 };
  return { rows: sortTimeline([...rows, ...missing.map((e) => timelineRow(e.t, e.text))]), added: missing.length };
}
