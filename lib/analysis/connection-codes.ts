import type { DefectCode } from '../taxonomy/codes';

/**
 * The six Sewer-ML connection classes describe how ONE lateral opening was made (factory branch,
 * chiselled, drilled, reinstatement cut, transition profile, construction change): a connection
 * gets one of them, never two. They share one geometry, so at close range the classifier often
 * scores two of them high for the same opening, which becomes two observations of one connection.
 */
export const CONNECTION_CODES: ReadonlySet<DefectCode> = new Set(['GR', 'PH', 'PB', 'OS', 'OP', 'OK']);

/** A detected run of one class over frames a..b (inclusive) of the sorted frame sequence. */
export interface CodeRun {
  code: DefectCode;
  /** Column of the code in the score vector. */
  column: number;
  a: number;
  b: number;
}

export interface Alternative {
  code: DefectCode;
  /** Mean raw score of this code over the kept observation's frames. */
  meanScore: number;
}

export interface ResolvedRun extends CodeRun {
  /** Other codes the classifier also saw for the same feature, most likely first (here: connection codes; nested-runs.ts adds absorbed bursts). */
  alternatives: Alternative[];
}

function overlapFrames(x: CodeRun, y: CodeRun): number {
  return Math.min(x.b, y.b) - Math.max(x.a, y.a) + 1;
}

/**
 * Runs of connection codes that overlap by at least `minOverlap` of the shorter run are one
 * connection: it keeps the code with the highest summed score over the runs' joint frame range,
 * spans that range, and lists the other codes as alternatives (for the reviewer's relabel).
 * Other runs pass through unchanged. Deterministic: ties keep the earlier code in score order.
 */
export function resolveConnectionRuns(
  runs: readonly CodeRun[],
  score: (column: number, frame: number) => number,
  minOverlap = 0.5,
): ResolvedRun[] {
  const conn = runs.filter((r) => CONNECTION_CODES.has(r.code));
  const out: ResolvedRun[] = runs.filter((r) => !CONNECTION_CODES.has(r.code)).map((r) => ({ ...r, alternatives: [] }));
  // Union-find over the connection runs: an edge where two runs overlap enough.
  const parent = conn.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < conn.length; i++) {
    for (let j = i + 1; j < conn.length; j++) {
      const shorter = Math.min(conn[i].b - conn[i].a, conn[j].b - conn[j].a) + 1;
      if (overlapFrames(conn[i], conn[j]) >= minOverlap * shorter) parent[find(i)] = find(j);
    }
  }
  const clusters = new Map<number, CodeRun[]>();
  conn.forEach((r, i) => {
    const k = find(i);
    if (!clusters.has(k)) clusters.set(k, []);
    clusters.get(k)!.push(r);
  });
  for (const members of clusters.values()) {
    if (members.length === 1) {
      out.push({ ...members[0], alternatives: [] });
      continue;
    }
    const a = Math.min(...members.map((r) => r.a));
    const b = Math.max(...members.map((r) => r.b));
    const codes = [...new Map(members.map((r) => [r.code, r.column])).entries()].sort((x, y) => x[1] - y[1]);
    const ranked = codes
      .map(([code, column]) => {
        let sum = 0;
        for (let f = a; f <= b; f++) sum += score(column, f);
        return { code, column, sum };
      })
      .sort((x, y) => y.sum - x.sum);
    const [best, ...rest] = ranked;
    const n = b - a + 1;
    out.push({ code: best.code, column: best.column, a, b, alternatives: rest.map((r) => ({ code: r.code, meanScore: r.sum / n })) });
  }
  return out;
}
