'use client';

import { CodeLabel } from '../../components/code-label';
import { GradeBadge, ReviewStatusBadge } from '../../components/grade';
import { fmtTime, type ObservationView } from '../../components/observation-types';

/** Observations in video order; a row click seeks the video to its start. */
export function ObservationList({ observations, selectedId, onPick }: { observations: ObservationView[]; selectedId?: string | null; onPick: (o: ObservationView) => void }) {
  if (!observations.length) return <p className="rounded bg-white p-4 text-sm text-slate-600 shadow-sm">No observations: the model found no defects and none were added.</p>;
  return (
    <table className="w-full overflow-hidden rounded bg-white text-sm shadow-sm" data-testid="observation-list">
      <thead className="bg-slate-100 text-left text-xs text-slate-600">
        <tr>
          <th className="px-3 py-2">Code</th>
          <th className="px-3 py-2">Grade</th>
          <th className="px-3 py-2 text-right">Confidence</th>
          <th className="px-3 py-2 text-right">Time</th>
          <th className="px-3 py-2 text-right">Distance</th>
          <th className="px-3 py-2">Status</th>
        </tr>
      </thead>
      <tbody>
        {observations.map((o) => (
          <tr
            key={o.id}
            data-testid="observation-row"
            data-status={o.status}
            tabIndex={0}
            onClick={() => onPick(o)}
            onKeyDown={(e) => e.key === 'Enter' && onPick(o)}
            className={`cursor-pointer border-t border-slate-100 hover:bg-slate-50 ${selectedId === o.id ? 'bg-teal-50' : ''} ${o.status === 'rejected' ? 'opacity-50' : ''}`}
          >
            <td className="px-3 py-2">
              <CodeLabel code={o.code} compact />
              {o.modelCode && o.modelCode !== o.code ? <div className="text-xs text-slate-500">model said {o.modelCode}</div> : null}
              {o.remark ? <div className="text-xs italic text-slate-600">“{o.remark}”</div> : null}
            </td>
            <td className="px-3 py-2"><GradeBadge grade={o.grade} /></td>
            <td className="px-3 py-2 text-right tabular-nums">{o.source === 'manual' ? <span className="text-slate-500">manual</span> : `${(o.peakConfidence * 100).toFixed(0)} %`}</td>
            <td className="px-3 py-2 text-right tabular-nums">{fmtTime(o.startS)}{o.endS > o.startS ? `–${fmtTime(o.endS)}` : ''}</td>
            <td className="px-3 py-2 text-right tabular-nums">{o.startM !== null ? `${o.startM.toFixed(1)}${o.endM !== null && o.endM !== o.startM ? `–${o.endM.toFixed(1)}` : ''} m` : '—'}</td>
            <td className="px-3 py-2"><ReviewStatusBadge status={o.status} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
