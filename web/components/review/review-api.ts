/**
 * The after-action routes as the review pages call them: the postmortem draft and submission,
 * the score report with reviews and publishing, the alert-rule backtest, and a team's history
 * with its carried action items. Every call goes through the typed client, so every reply's
 * type is its route's own (web/lib/api-types.ts).
 */
import type { PostmortemInput } from '../../../contract/postmortem.js';
import { bearer, call, client, enc } from '../../lib/api.js';
import type {
  ActionItemRecord, BacktestResult, HistoryDrill, HistoryReply, PostmortemDraft, PostmortemState, ReportReply, SavedDraft,
} from '../../lib/api-types.js';
import type { DrillAccess } from '../../lib/api.js';

export type { ActionItemRecord, BacktestResult, HistoryDrill, HistoryReply, PostmortemDraft, PostmortemState, ReportReply, SavedDraft };
export type PhasePoints = HistoryDrill['phases'][number];

/** One run's figures: when the rule fired in the drill, and how it does on the healthy baseline. */
export type BacktestFigures = Pick<BacktestResult, 'drill' | 'baseline'>;

/** The body of POST /backtest: `for` as seconds or a duration ("2m"), as people type it. */
export interface BacktestRequest {
  readonly alert?: string;
  readonly expr: string;
  readonly for: string | number;
  readonly baselineHours?: number;
}

export type { DrillAccess };

const drill = client.api.drills[':id'];
const id = (a: DrillAccess) => ({ id: enc(a.drillId) });

export const getPostmortem = (a: DrillAccess) => call(drill.postmortem.$get({ param: id(a) }, bearer(a.token)));
export const putDraft = (a: DrillAccess, draft: PostmortemDraft) => call(drill.postmortem.$put({ param: id(a), json: { draft } }, bearer(a.token)));
export const submitPostmortem = (a: DrillAccess, postmortem: PostmortemInput) =>
  call(drill.postmortem.submit.$post({ param: id(a), json: { postmortem } }, bearer(a.token)));

export const getReport = (a: DrillAccess) => call(drill.report.$get({ param: id(a) }, bearer(a.token)));
export const postReview = (a: DrillAccess, review: { itemId: string; comment?: string; override?: { earned: number; reason: string } }) =>
  call(drill.reviews.$post({ param: id(a), json: review }, bearer(a.token)));
export const setPublished = (a: DrillAccess, published: boolean) => call(drill.publish.$post({ param: id(a), json: { published } }, bearer(a.token)));
export const backtest = (a: DrillAccess, req: BacktestRequest) => call(drill.backtest.$post({ param: id(a), json: req }, bearer(a.token)));

export const exportPaths = (drillId: string) => ({
  markdown: `/api/drills/${encodeURIComponent(drillId)}/postmortem.md`,
  json: `/api/drills/${encodeURIComponent(drillId)}/report.json`,
});

const team = client.api.teams[':team'];
export const getHistory = (name: string, token: string) => call(team.history.$get({ param: { team: enc(name) } }, bearer(token)));
export const setActionItemStatus = (name: string, token: string, itemId: string, status: 'open' | 'done') =>
  call(team['action-items'][':itemId'].$patch({ param: { team: enc(name), itemId: enc(itemId) }, json: { status } }, bearer(token)));
