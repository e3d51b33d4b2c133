import type { SegmentRatings } from '../../lib/db/schema';

const ROWS = [
  ['structural', 'Structural'],
  ['om', 'O&M'],
  ['overall', 'Overall'],
] as const;

/**
 * The segment's PACP condition summary: rating (Σ grade × occurrences), rating index
 * (rating / occurrences) and quick rating, for structural, O&M and overall defects.
 */
export function RatingsSummary({ ratings, note }: { ratings: SegmentRatings | null | undefined; note?: string }) {
  return (
    <div className="rounded bg-white p-4 shadow-sm" data-testid="ratings">
      <div className="mb-2 flex items-baseline justify-between">
        <h2 className="font-semibold">Condition summary</h2>
        <span className="text-xs text-slate-500">{note ?? 'PACP-style; rejected observations excluded'}</span>
      </div>
      {ratings ? (
        <table className="w-full text-sm tabular-nums">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th className="py-1 font-medium" />
              <th className="py-1 font-medium">Quick rating</th>
              <th className="py-1 text-right font-medium">Rating</th>
              <th className="py-1 text-right font-medium">Index</th>
              <th className="py-1 text-right font-medium">Occurrences</th>
            </tr>
          </thead>
          <tbody>
            {ROWS.map(([key, label]) => {
              const r = ratings[key];
              return (
                <tr key={key} data-testid={`rating-${key}`} className="border-t border-slate-100">
                  <td className="py-1.5 font-medium">{label}</td>
                  <td className="py-1.5 font-mono text-base font-semibold" data-testid={`quick-${key}`}>{r.quick}</td>
                  <td className="py-1.5 text-right" data-testid={`rating-value-${key}`}>{r.rating}</td>
                  <td className="py-1.5 text-right">{r.index.toFixed(2)}</td>
                  <td className="py-1.5 text-right">{r.count}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-600">Not rated yet — ratings appear when the analysis has finished.</p>
      )}
    </div>
  );
}
