'use client';

import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import type { InspectionProgress } from '../../../lib/services/inspections/get-inspection';

/** Subscribes to the inspection's server-sent events; refreshes the page once it settles. */
export function LiveProgress({ id, initial }: { id: string; initial: InspectionProgress }) {
  const router = useRouter();
  const [p, setP] = useState(initial);
  useEffect(() => {
    if (initial.status === 'done' || initial.status === 'failed') return;
    const es = new EventSource(`/api/inspections/${id}/events`);
    es.onmessage = (ev) => {
      const next = JSON.parse(ev.data) as InspectionProgress;
      setP(next);
      if (next.status === 'done' || next.status === 'failed') {
        es.close();
        router.refresh();
      }
    };
    return () => es.close();
  }, [id, initial.status, router]);

  if (p.status === 'done') return null;
  if (p.status === 'failed') {
    return (
      <div role="alert" data-testid="inspection-error" className="rounded border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        <strong>This video could not be processed.</strong> {p.error}
      </div>
    );
  }
  const pct = p.fraction === null ? 0 : p.fraction * 100;
  return (
    <div className="space-y-2 rounded bg-white p-4 shadow-sm" data-testid="live-progress">
      <div className="flex justify-between text-sm">
        <span className="font-medium">{p.status === 'queued' ? 'Waiting for a worker…' : p.status === 'probing' ? 'Reading the video…' : 'Sampling and normalizing frames…'}</span>
        <span className="tabular-nums text-slate-600">{p.framesDone}{p.framesExpected ? ` / ${p.framesExpected}` : ''} frames ({pct.toFixed(0)} %)</span>
      </div>
      <div className="h-2 overflow-hidden rounded bg-slate-200"><div className="h-2 bg-amber-500 transition-all" style={{ width: `${pct}%` }} /></div>
      {p.chunks.length > 1 ? (
        <div className="flex gap-1" aria-label="chunks">
          {p.chunks.map((c) => (
            <div key={c.index} title={`chunk ${c.index + 1}: ${c.startS.toFixed(0)}–${c.endS.toFixed(0)} s, ${c.status}`}
              className={`h-1.5 flex-1 rounded ${c.status === 'done' ? 'bg-emerald-500' : c.status === 'running' ? 'bg-amber-400' : c.status === 'failed' ? 'bg-red-500' : 'bg-slate-300'}`} />
          ))}
        </div>
      ) : null}
    </div>
  );
}
