/**
 * The postmortem's vocabulary and size limits: the server's schemas (server/scoring/postmortem.ts
 * for a submission, server/drills/after-action.ts for a draft) and the web's editor, which checks
 * them as people type, read these same numbers.
 */

export const ACTION_ITEM_TYPES = ['detection', 'prevention', 'mitigation', 'process', 'documentation', 'testing'] as const;
export type ActionItemType = (typeof ACTION_ITEM_TYPES)[number];

export const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** An action item as the team tracks it across drills. */
export const ACTION_ITEM_STATUSES = ['open', 'done'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** One line of a postmortem's timeline: sim seconds and what happened then, in the team's words. */
export interface TimelineEntry { readonly t: number; readonly text: string }

/** A list section: bullet lines in one string, or one entry per item. */
type TextList = string | string[];

/**
 * A postmortem as an editor sends it for grading (POST /api/drills/:id/postmortem/submit). Every
 * section may be left out or empty: the grade says what is missing.
 */
export interface PostmortemInput {
  readonly summary?: string;
  readonly impact?: {
    readonly description?: string;
    /** in words, e.g. "about 20 minutes" */
    readonly duration?: string;
    readonly minutes?: number;
    readonly users_affected?: string;
    readonly requests_failed?: number;
  };
  readonly timeline?: TimelineEntry[];
  readonly root_cause?: string;
  readonly trigger?: string;
  readonly contributing_factors?: TextList;
  readonly detection?: string;
  readonly resolution?: string;
  readonly what_went_well?: TextList;
  readonly what_went_wrong?: TextList;
  readonly where_we_got_lucky?: TextList;
  readonly action_items?: {
    readonly title: string;
    readonly owner?: string;
    readonly priority?: Priority;
    readonly type?: ActionItemType;
    /** an ISO date (2025-07-01) or relative ("2w", "10d", "next sprint") */
    readonly due?: string;
  }[];
}

export const POSTMORTEM_LIMITS = {
  /** characters in one section */
  text: 20_000,
  /** characters in one line of a list section (contributing factors, what went well, ...) */
  line: 4000,
  /** lines in one list section */
  lines: 100,
  /** timeline entries: the editor pre-fills them from the drill, so there may be many */
  timeline: 500,
  /** characters in one timeline entry */
  timelineText: 2000,
  /** action items */
  items: 50,
  /** characters in an action item's title, owner and due date */
  title: 500,
  owner: 120,
  due: 40,
} as const;
