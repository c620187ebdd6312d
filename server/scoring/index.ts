/**
 * Scoring, postmortems and after-action review: the public surface. Everything here is pure;
 * the HTTP routes and the publish flag live with the drill service.
 */
export { scoreDrill, scoreSummary, withTotal, isScored } from './score.js';
export { PHASES, PHASE_TITLES } from '../../contract/scoring.js';
export { PhaseId, ScoreReport, PhaseScore, ScoreItem, ItemOverride, ReviewComment } from './types.js';
export { ACTION_ITEM_TYPES } from '../../contract/postmortem.js';
export { Postmortem, ActionItem, gradePostmortem, type PostmortemInput, type PostmortemGrade } from './postmortem.js';
export { prefillTimeline } from './timeline.js';
export type { TimelineEntry } from '../../contract/postmortem.js';
export { applyReview, checkReviews, Review, type ReviewProblem } from './review.js';
export { postmortemMarkdown, reportJson, reportDocument, parseReportJson, ExportedReport, REPORT_FORMAT } from './export.js';
export { blameIn, type BlameFlag } from './blame.js';
export { isSpecific, isDue } from './action-items.js';
export { impactNumbers } from './impact.js';
