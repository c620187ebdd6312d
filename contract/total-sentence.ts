/**
 * The headline under a report's total, in words: how much of the impact the team removed and
 * what that was worth, then the phases' points and how they counted. Shared by the Markdown
 * export and the web report, so both say the same.
 */

/** The parts of a score report (server/scoring/types.ts) the sentence reads. */
export interface TotalParts {
  readonly earned: number;
  readonly possible: number;
  readonly phases: readonly { readonly pending: boolean; readonly possible: number; readonly title: string }[];
  /** how much of the impact the team removed, and what share of the total that carries */
  readonly restoration?: { readonly restored: number; readonly share: number; readonly floor: number } | undefined;
}

/** Points as people read them: at most two decimals, no trailing zeros. */
function pts(n: number): string {
  const r = Math.round(n * 100) / 100 + 0;
  return `${r < 0 ? '-' : ''}${Math.abs(r).toFixed(2).replace(/\.?0+$/, '')}`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * @example totalSentence(report)
 * // 'Service restored: 85% of the impact removed, 34 of the 40 points it carries. The phases earned 58 of 80 points (73%), counted at 93% because service was restored 85%.'
 */
export function totalSentence(r: TotalParts): string {
  const scored = r.phases.filter((p) => !p.pending && p.possible > 0);
  const pending = r.phases.filter((p) => p.pending);
  const phases = `${pts(r.earned)} of ${pts(r.possible)} points`;
  let head: string;
  if (r.restoration) {
    const { restored, share, floor } = r.restoration;
    const carries = 100 * share;
    const process = r.possible > 0 ? Math.max(0, r.earned / r.possible) : 0;
    const counted = floor + (1 - floor) * restored;
    head = `Service restored: ${pct(restored)} of the impact removed, ${pts(carries * restored)} of the ${pts(carries)} points it carries. `
      + `The ${scored.length} scored phase${scored.length === 1 ? '' : 's'} earned ${phases} (${pct(process)})`
      + (counted >= 0.9995 ? ', counted in full.' : `, counted at ${pct(counted)} because service was restored ${pct(restored)}.`);
  } else {
    head = `${phases} in ${scored.length} scored phase${scored.length === 1 ? '' : 's'}.`;
  }
  if (pending.length === 0) return head;
  const names = pending.map((p) => p.title);
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${head} ${list} ${pending.length === 1 ? 'is' : 'are'} pending until a postmortem is submitted.`;
}
