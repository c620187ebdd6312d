import { describe, expect, it } from 'vitest';
import { ExportedReport, parseReportJson, postmortemMarkdown, reportDocument, reportJson } from '../../server/scoring/export.js';
import { Postmortem } from '../../server/scoring/postmortem.js';
import { applyReview } from '../../server/scoring/review.js';
import { scoreDrill } from '../../server/scoring/score.js';
import { checkout, checkoutGolden, CHECKOUT_POSTMORTEM } from './fixtures.js';

const drill = checkoutGolden().drill;
const pm = Postmortem.parse(CHECKOUT_POSTMORTEM);
const report = scoreDrill(checkout, drill, pm);

describe('postmortemMarkdown', () => {
  const md = postmortemMarkdown(checkout, drill, pm, report);

  it('has every section of the template, in order', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# Postmortem: Checkout slow and failing', '## Summary', '## Impact', '## Timeline', '## Root cause and trigger', '## Contributing factors',
      '## Detection', '## Resolution', '## Lessons learned', '### What went well', '### What went wrong', '### Where we got lucky', '## Action items', '## Score',
    ]);
  });

  it('writes the timeline with drill clock times and the action items as a table', () => {
    expect(md).toContain('| T+00:04:00 | Config change CR-2231 lowered checkout maximumPoolSize from 50 to 10 |');
    expect(md).toContain('| 1 | Page on db_pool_pending_threads above 5 for 2m for checkout | payments | P1 | detection | 2w |');
    expect(md).toContain('- **Failed requests:** 3500');
    expect(md).toContain(`Total: **${report.total}/100**`);
  });

  it('marks empty sections instead of dropping them, and escapes table cells', () => {
    const bare = postmortemMarkdown(checkout, drill, Postmortem.parse({ timeline: [{ t: 60, text: 'a | b\nc' }] }));
    expect(bare).toContain('| T+00:01:00 | a \\| b<br>c |');
    expect(bare.match(/_Not written\._/g)!.length).toBeGreaterThanOrEqual(10);
    expect(bare).toContain('## Action items\n\n_None._');
    expect(bare).not.toContain('## Score');
  });
});

describe('reportJson', () => {
  it('round-trips: parse(stringify(x)) deep-equals x, and the schema accepts it unchanged', () => {
    const reviewed = applyReview(report, [{ itemId: 'detection.ack_time', comment: 'Quick.', override: { earned: 6, reason: 'partial', by: 'lee', at: '2025-06-01T10:00:00Z' } }]);
    const doc = reportDocument(checkout, drill, reviewed, pm);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(ExportedReport.parse(doc)).toEqual(doc);
    const back = parseReportJson(reportJson(checkout, drill, reviewed, pm));
    expect(back).toEqual({ ok: true, report: doc });
  });

  it('round-trips a report without a postmortem (pending phases)', () => {
    const r = scoreDrill(checkout, drill);
    const back = parseReportJson(reportJson(checkout, drill, r));
    expect(back.ok && back.report.score).toEqual(r);
    expect(back.ok && back.report.postmortem).toBeUndefined();
  });

  it('refuses what is not a report, naming the path', () => {
    expect(parseReportJson('{')).toMatchObject({ ok: false, message: expect.stringMatching(/^not JSON/) });
    const doc = JSON.parse(reportJson(checkout, drill, report, pm));
    doc.score.phases[0].items[0].earned = 'lots';
    expect(parseReportJson(JSON.stringify(doc))).toEqual({ ok: false, message: expect.stringMatching(/^score\.phases\.0\.items\.0\.earned: /) });
  });
});
