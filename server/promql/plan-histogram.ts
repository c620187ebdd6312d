// The nodes a rule plan (plan.ts) is made of, part three: histogram_quantile over classic
// buckets, computed with histogram.ts's own grouping and bucketQuantile arithmetic, so the
// results are the same to the bit.
import { bucketOf, sortedBucketQuantile } from './histogram.js';
import type { Labels } from './labels.js';
import { Interner, Rows, type ScalarNode, type VectorNode } from './plan-nodes.js';

/**
 * histogram_quantile(q, buckets) over classic buckets. Each group's bucket rows are sorted by
 * `le` once; a plan is only made when no group has two buckets with the same or a NaN `le`,
 * so that order is the one bucketQuantile's sort gives.
 */
export class HistogramNode implements VectorNode {
  readonly out: Rows;
  private readonly seenAt: Int32Array;
  /** the groups present at the evaluation under way, in first-seen order */
  private readonly groups: Int32Array;
  private readonly rowAt: Int32Array;
  private stamp = 0;
  private readonly upper: Float64Array;
  private readonly counts: Float64Array;

  private constructor(
    private readonly q: ScalarNode,
    private readonly input: VectorNode,
    labels: readonly Labels[],
    /** per input row: its group (-1: no parsable `le`) and `le` */
    private readonly groupOf: Int32Array,
    private readonly le: Float64Array,
    /** per group, its input rows by ascending `le` */
    private readonly buckets: readonly Int32Array[],
  ) {
    this.out = new Rows(labels);
    this.seenAt = new Int32Array(labels.length);
    this.groups = new Int32Array(labels.length);
    this.rowAt = new Int32Array(input.out.labels.length);
    const most = Math.max(0, ...buckets.map((b) => b.length));
    this.upper = new Float64Array(most);
    this.counts = new Float64Array(most);
  }

  /** The node, or null when a group has two buckets with one `le` or a NaN `le`. */
  static make(q: ScalarNode, input: VectorNode): HistogramNode | null {
    const ids = new Interner();
    const labels: Labels[] = [];
    const groupOf = new Int32Array(input.out.labels.length).fill(-1);
    const le = new Float64Array(input.out.labels.length);
    const rows: number[][] = [];
    input.out.labels.forEach((l, r) => {
      const b = bucketOf(l);
      if (b === undefined) return;
      const g = ids.id(b.key);
      if (g === labels.length) {
        labels.push(b.labels);
        rows.push([]);
      }
      groupOf[r] = g;
      le[r] = b.le;
      rows[g]!.push(r);
    });
    for (const rs of rows) {
      const bounds = rs.map((r) => le[r]!);
      if (bounds.some(Number.isNaN) || new Set(bounds).size < bounds.length) return null;
    }
    const buckets = rows.map((rs) => Int32Array.from(rs.sort((a, b) => le[a]! - le[b]!)));
    return new HistogramNode(q, input, labels, groupOf, le, buckets);
  }

  eval(t: number): boolean {
    const q = this.q.eval(t);
    if (!this.input.eval(t)) return false;
    const { out } = this;
    const input = this.input.out;
    if (out.settled && !input.changed && this.q.constant) return out.kept();
    out.begin();
    const stamp = ++this.stamp;
    let groups = 0;
    for (let k = 0; k < input.count; k++) {
      const row = input.order[k]!;
      this.rowAt[row] = stamp;
      const g = this.groupOf[row]!;
      if (g < 0 || this.seenAt[g] === stamp) continue;
      this.seenAt[g] = stamp;
      this.groups[groups++] = g;
    }
    let n = 0;
    for (let k = 0; k < groups; k++) {
      const g = this.groups[k]!;
      const bucket = this.buckets[g]!;
      let m = 0;
      for (let b = 0; b < bucket.length; b++) {
        const row = bucket[b]!;
        if (this.rowAt[row] !== stamp) continue;
        this.upper[m] = this.le[row]!;
        this.counts[m++] = input.value[row]!;
      }
      n = out.put(n, g, sortedBucketQuantile(q, this.upper, this.counts, m));
    }
    return out.finish(n);
  }
}
