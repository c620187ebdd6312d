/**
 * The web's names for what the API answers, each derived from its route's reply through the
 * typed client (`hc<AppType>`), never copied: a route whose reply changes changes these, and
 * every screen that reads a field it no longer has fails `npm run typecheck`
 * (test/architecture/typed-client.test.ts checks that it does).
 */
import type { client, Reply } from './api.js';

type Api = (typeof client)['api'];
type Drill = Api['drills'][':id'];
type Team = Api['teams'][':team'];

/** The JSON a client call answers with when it succeeds. */
export type ReplyOf<F extends (...args: never[]) => Promise<unknown>> = Reply<Awaited<ReturnType<F>>>;

/** GET /api/scenarios: one entry of the library. */
export type ScenarioSummary = ReplyOf<Api['scenarios']['$get']>['scenarios'][number];
/** POST /api/drills */
export type CreatedDrill = ReplyOf<Api['drills']['$post']>;
/** POST /api/drills/:id/participants */
export type JoinedDrill = ReplyOf<Drill['participants']['$post']>;

/** GET /api/drills/:id: the drill as the seat's audience may see it (also the socket's snapshot). */
export type DrillView = ReplyOf<Drill['$get']>;
export type TraineeView = Extract<DrillView, { readonly audience: 'trainee' }>;
export type FacilitatorView = Extract<DrillView, { readonly audience: 'facilitator' }>;
/** The scenario as trainees see it: no faults, scripts or answer key. */
export type PublicScenario = TraineeView['scenario'];
/** The whole scenario, answer key included (the facilitator's view). */
export type Scenario = FacilitatorView['scenario'];

/** GET /api/drills/:id/query */
export type QueryResult = ReplyOf<Drill['query']['$get']>;
/** A PromQL result, as the Prometheus HTTP API shapes it. */
export type ApiData = QueryResult['data'];
/** GET /api/drills/:id/logs */
export type LogReply = ReplyOf<Drill['logs']['$get']>;

/** GET /api/drills/:id/postmortem */
export type PostmortemState = ReplyOf<Drill['postmortem']['$get']>;
export type PostmortemDraft = NonNullable<PostmortemState['draft']>;
/** PUT /api/drills/:id/postmortem */
export type SavedDraft = ReplyOf<Drill['postmortem']['$put']>;
/** POST /api/drills/:id/postmortem/submit */
export type SubmitReply = ReplyOf<Drill['postmortem']['submit']['$post']>;

/** GET /api/drills/:id/report */
export type ReportReply = ReplyOf<Drill['report']['$get']>;
export type ScoreReport = ReportReply['report'];
export type PhaseScore = ScoreReport['phases'][number];
export type ScoreItem = PhaseScore['items'][number];
/** The submitted postmortem, as the report carries it. */
export type Postmortem = NonNullable<ReportReply['postmortem']>;
/** POST /api/drills/:id/backtest */
export type BacktestResult = ReplyOf<Drill['backtest']['$post']>;

/** GET /api/teams/:team/history */
export type HistoryReply = ReplyOf<Team['history']['$get']>;
export type HistoryDrill = HistoryReply['drills'][number];
/** PATCH /api/teams/:team/action-items/:itemId */
export type ActionItemRecord = ReplyOf<Team['action-items'][':itemId']['$patch']>;
