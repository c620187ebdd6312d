/**
 * After the drill over HTTP: the postmortem (draft, submit), the report (read, review, publish,
 * export) and the alert-tuning lab (backtest). Mounted at /api/drills beside drills.ts, with the
 * same Bearer tokens and the same read and command rates.
 */
import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { tooMany } from '../../contract/refusal.js';
import { PostmortemDraft } from '../store/after-action.js';
import { BACKTEST_RATE, DEFAULT_BASELINE_HOURS, MAX_BASELINE_HOURS } from '../drills/backtest.js';
import { describeRate, limiter } from '../drills/limits.js';
import {
  addReview, backtestDrill, postmortemView, reportExport, reportView, saveDraft, setPublished, submitPostmortem,
} from '../drills/reports.js';
import type { ReviewService } from '../drills/review.js';
import type { DrillService } from '../drills/service.js';
import { parseDuration } from '../../contract/duration.js';
import { Postmortem } from '../scoring/index.js';
import { commandRate, drillAuth, readRate, type AuthEnv } from './auth.js';
import { apiError, failure, jsonBody } from './validate.js';

const DraftBody = z.strictObject({ draft: PostmortemDraft });

/** The postmortem itself is checked after the envelope, so a problem can name its section. */
const SubmitBody = z.strictObject({ postmortem: z.unknown() });

const ReviewBody = z.strictObject({
  itemId: z.string().min(1).max(200),
  comment: z.string().trim().min(1).max(4000).optional(),
  // The reason may be missing or blank here: checkReviews refuses that as `missing_reason`.
  override: z.strictObject({ earned: z.number().finite(), reason: z.string().max(2000).optional() }).optional(),
}).refine((r) => r.comment !== undefined || r.override !== undefined, 'a review needs a comment or an override');

const PublishBody = z.strictObject({ published: z.boolean() });

const RuleFor = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const s = parseDuration(v);
  if (s === undefined || s < 0) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration; write seconds (120) or a duration (2m)` });
    return z.NEVER;
  }
  return s;
});

const BacktestBody = z.strictObject({
  alert: z.string().min(1).max(200).optional(),
  expr: z.string().min(1).max(4000),
  for: RuleFor,
  baselineHours: z.number().positive().max(MAX_BASELINE_HOURS, `at most ${MAX_BASELINE_HOURS} hours`).default(DEFAULT_BASELINE_HOURS),
});

/** The section of the postmortem a problem is in, in words: "action_items" -> "action items". */
function sectionOf(path: readonly PropertyKey[]): string {
  return path.length > 0 ? String(path[0]).replace(/_/g, ' ') : 'the document';
}

function parsePostmortem(raw: unknown): Postmortem {
  const r = Postmortem.safeParse(raw);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: ['postmortem', ...i.path.map(String)].join('.'), message: `${sectionOf(i.path)}: ${i.message}` }));
  const first = r.error.issues[0]!;
  const where = first.path.length > 1 ? ` (${first.path.slice(1).map(String).join('.')})` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw apiError(400, 'invalid_postmortem', `the postmortem's ${sectionOf(first.path)} section is invalid${where}: ${first.message}${more}`, issues);
}

function attachment(c: Context, text: string, type: string, filename: string): Response {
  c.header('Content-Type', type);
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  return c.body(text, 200);
}

/** After-action routes, mounted at /api/drills (docs/api.md, "After the drill"). */
export function reportsApp(service: DrillService, review: ReviewService) {
  const auth = drillAuth(service);
  const reads = readRate(service);
  const writes = commandRate(service);
  // Off when reads are unlimited (benchmarks, fuzzing), like every other rate.
  const backtestRate = service.limits.queries ? BACKTEST_RATE : undefined;
  const backtestBucket = limiter(backtestRate, service.now);
  const backtests = createMiddleware<AuthEnv>(async (c, next) => {
    const p = c.var.principal;
    const slow = backtestBucket.take(`${p.drillId}/${p.who}`);
    if (!slow.ok) throw failure(tooMany('too_many_backtests', `too many backtests from ${p.name} (the limit is ${describeRate(backtestRate)})`, slow.retryAfterSeconds));
    await next();
  });

  return new Hono<AuthEnv>()
    .get('/:id/postmortem', auth, reads, (c) => c.json(postmortemView(review, c.var.principal), 200))
    .put('/:id/postmortem', auth, writes, jsonBody(DraftBody), async (c) => {
      const r = await saveDraft(review, c.var.principal, c.req.valid('json').draft);
      if (!r.ok) throw failure(r);
      return c.json({ savedAt: r.savedAt, savedBy: r.savedBy }, 200);
    })
    .post('/:id/postmortem/submit', auth, writes, jsonBody(SubmitBody), async (c) => {
      const pm = parsePostmortem(c.req.valid('json').postmortem);
      const r = await submitPostmortem(review, c.var.principal, pm);
      if (!r.ok) throw failure(r);
      const { ok: _ok, ...reply } = r;
      return c.json(reply, 201);
    })
    .get('/:id/report', auth, reads, async (c) => {
      const r = await reportView(review, c.var.principal);
      if (!r.ok) throw failure(r);
      return c.json(r.view, 200);
    })
    .get('/:id/report.json', auth, reads, async (c) => {
      const r = await reportExport(review, c.var.principal, 'json');
      if (!r.ok) throw failure(r);
      return attachment(c, r.text, 'application/json; charset=utf-8', `${c.var.principal.drillId}-report.json`);
    })
    .get('/:id/postmortem.md', auth, reads, async (c) => {
      const r = await reportExport(review, c.var.principal, 'markdown');
      if (!r.ok) throw failure(r);
      return attachment(c, r.text, 'text/markdown; charset=utf-8', `${c.var.principal.drillId}-postmortem.md`);
    })
    .post('/:id/reviews', auth, writes, jsonBody(ReviewBody), async (c) => {
      const r = await addReview(review, c.var.principal, c.req.valid('json'));
      if (!r.ok) throw failure(r);
      return c.json({ report: r.report }, 201);
    })
    .post('/:id/publish', auth, writes, jsonBody(PublishBody), async (c) => {
      const r = await setPublished(review, c.var.principal, c.req.valid('json').published);
      if (!r.ok) throw failure(r);
      return c.json({ published: r.published }, 200);
    })
    .post('/:id/backtest', auth, reads, backtests, jsonBody(BacktestBody), (c) => {
      const r = backtestDrill(review, c.var.principal, c.req.valid('json'));
      if (!r.ok) {
        // A PromQL problem also says where it is, for the editor to underline it.
        if (r.offset !== undefined) {
          return c.json({ error: { code: r.code, message: r.message, offset: r.offset, length: r.length ?? 0, issues: [{ path: 'expr', message: r.message }] } }, 400);
        }
        throw failure(r);
      }
      const { ok: _ok, ...body } = r;
      return c.json(body, 200);
    });
}
