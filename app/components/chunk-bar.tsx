import type { InspectionProgress } from '../../lib/services/inspections/get-inspection';

const CHUNK_COLORS: Record<string, string> = { done: 'bg-emerald-500', running: 'bg-amber-400', failed: 'bg-red-500', pending: 'bg-slate-300' };

/** Compact per-chunk progress for the inspection list: one cell per chunk job, filled by its frames. */
export function ChunkBar({ progress }: { progress: InspectionProgress }) {
  const pct = progress.fraction === null ? 0 : Math.round(progress.fraction * 100);
  return (
    <div className="w-40" data-testid="chunk-bar" title={`${progress.framesDone}${progress.framesExpected ? ` / ${progress.framesExpected}` : ''} frames`}>
      {progress.chunks.length ? (
        <div className="flex h-1.5 gap-0.5">
          {progress.chunks.map((c) => (
            <div key={c.index} className={`flex-1 rounded-sm ${CHUNK_COLORS[c.status] ?? CHUNK_COLORS.pending}`} title={`chunk ${c.index + 1}: ${c.startS.toFixed(0)}–${c.endS.toFixed(0)} s, ${c.status}`} />
          ))}
        </div>
      ) : (
        <div className="h-1.5 rounded-sm bg-slate-200" />
      )}
      <div className="mt-0.5 text-xs tabular-nums text-slate-500">{pct} %{progress.chunks.length ? ` · ${progress.chunks.filter((c) => c.status === 'done').length}/${progress.chunks.length} chunks` : ''}</div>
    </div>
  );
}
