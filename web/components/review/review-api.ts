/**
 * The after-action routes as the review pages call them: the postmortem draft and submission,
 * the score report with reviews and publishing, the alert-rule backtest, and a team's history
 * with its carried action items. Every reply's type is the server's own (type-only imports).
 */
import type { ActionItemRecord, PostmortemDraft } from '../../../server/drills/after-action.js';
import type { BacktestResult } from '../../../server/drills/backtest.js';
import type { PostmortemView, ReportView, SubmitReply } from '../../../server/drills/reports.js';
import type { PhaseSummary, TeamDrill, TeamHistory } from '../../../server/drills/teams.js';
import type { PostmortemInput } from '../../../server/scoring/postmortem.js';
import type { ScoreReport } from '../../../server/scoring/types.js';
import { api } from '../../lib/api.js';

export type { ActionItemRecord, BacktestResult, PostmortemDraft };
export type PostmortemState = PostmortemView;
export type ReportReply = ReportView;
export type HistoryReply = TeamHistory;
export type HistoryDrill = TeamDrill;
export type PhasePoints = PhaseSummary;

export interface SavedDraft { readonly savedAt: number; readonly savedBy: string }

/** One run's figures: when the rule fired in the drill, and how it does on the healthy baseline. */
export type BacktestFigures = Pick<BacktestResult, 'drill' | 'baseline'>;

/** The body of POST /backtest: `for` as seconds or a duration ("2m"), as people type it. */
export interface BacktestRequest {
  readonly alert?: string;
  readonly expr: string;
  readonly for: string | number;
  readonly baselineHours?: number;
}

export interface Access { readonly drillId: string; readonly token: string }

const drill = (a: Access) => `/api/drills/${encodeURIComponent(a.drillId)}`;

export const getPostmortem = (a: Access) => api<PostmortemState>(`${drill(a)}/postmortem`, { token: a.token });
export const putDraft = (a: Access, draft: PostmortemDraft) => api<SavedDraft>(`${drill(a)}/postmortem`, { method: 'PUT', body: { draft }, token: a.token });
export const submitPostmortem = (a: Access, postmortem: PostmortemInput) =>
  api<SubmitReply>(`${drill(a)}/postmortem/submit`, { method: 'POST', body: { postmortem }, token: a.token });

export const getReport = (a: Access) => api<ReportReply>(`${drill(a)}/report`, { token: a.token });
export const postReview = (a: Access, review: { itemId: string; comment?: string; override?: { earned: number; reason: string } }) =>
  api<{ report: ScoreReport }>(`${drill(a)}/reviews`, { method: 'POST', body: review, token: a.token });
export const setPublished = (a: Access, published: boolean) =>
  api<{ published: boolean }>(`${drill(a)}/publish`, { method: 'POST', body: { published }, token: a.token });
export const backtest = (a: Access, req: BacktestRequest) => api<BacktestResult>(`${drill(a)}/backtest`, { method: 'POST', body: req, token: a.token });

export const exportPaths = (drillId: string) => ({
  markdown: `/api/drills/${encodeURIComponent(drillId)}/postmortem.md`,
  json: `/api/drills/${encodeURIComponent(drillId)}/report.json`,
});

const team = (name: string) => `/api/teams/${encodeURIComponent(name)}`;
export const getHistory = (name: string, token: string) => api<HistoryReply>(`${team(name)}/history`, { token });
export const setActionItemStatus = (name: string, token: string, itemId: string, status: 'open' | 'done') =>
  api<ActionItemRecord>(`${team(name)}/action-items/${encodeURIComponent(itemId)}`, { method: 'PATCH', body: { status }, token });
