'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import type { SegmentRatings } from '../../lib/db/schema';
import type { ReviewCounts, ReviewQueueItem } from '../../lib/services/review/list-review-queue';
import { DEFECT_CODES, type DefectCode } from '../../lib/taxonomy/codes';
import { CodeLabel } from '../components/code-label';
import { CodePicker, KEYED_CODES } from '../components/code-picker';
import { GradeBadge, ReviewStatusBadge } from '../components/grade';
import { fmtTime, postJson, type DecisionResponse, type ObservationView } from '../components/observation-types';
import { RatingsSummary } from '../components/ratings-summary';
import { AuditHistory, type HistoryEntry } from './audit-history';
import { useReviewKeys } from './use-review-keys';

type Item = Omit<ReviewQueueItem, 'observation'> & { observation: ObservationView };
type Decision = { action: 'accept' | 'reject' | 'relabel' | 'grade'; code?: DefectCode; grade?: number };

/** Decisions that settle an observation move the reviewer on to the next one. */
const ADVANCES = new Set(['accept', 'reject', 'relabel']);

export function ReviewWorkbench({ inspectionId, status }: { inspectionId?: string; status: 'pending' | 'accepted' | 'rejected' }) {
  const router = useRouter();
  const [items, setItems] = useState<Item[] | null>(null);
  const [counts, setCounts] = useState<ReviewCounts>({ pending: 0, accepted: 0, rejected: 0 });
  const [idx, setIdx] = useState(0);
  const [ratings, setRatings] = useState<Record<string, SegmentRatings | null>>({});
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [undone, setUndone] = useState<Set<string>>(new Set());
  const [heatmap, setHeatmap] = useState(true);
  const [shown, setShown] = useState<number | null>(null);
  const [grading, setGrading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);

  const loadHistory = useCallback(async () => {
    const res = await fetch('/api/review/history?mine=1&limit=30');
    if (!res.ok) return;
    const fetched = ((await res.json()) as { reviews: HistoryEntry[] }).reviews;
    // Merge, never replace: a decision made while this request was in flight must stay listed.
    setHistory((prev) => {
      const byId = new Map([...fetched, ...prev].map((r) => [r.id, r]));
      return [...byId.values()].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 50);
    });
  }, []);

  useEffect(() => {
    void (async () => {
      const qs = new URLSearchParams({ status, limit: '200', ...(inspectionId ? { inspectionId } : {}) });
      const res = await fetch(`/api/review/queue?${qs}`);
      const body = (await res.json()) as { items: Item[]; counts: ReviewCounts };
      setItems(body.items);
      setCounts(body.counts);
      setRatings(Object.fromEntries(body.items.map((i) => [i.inspection.id, i.inspection.ratings])));
    })();
    void loadHistory();
  }, [inspectionId, status, loadHistory]);

  const item = items?.[idx] ?? null;
  const o = item?.observation ?? null;
  useEffect(() => setShown(null), [o?.id]);

  /** Fold a server answer into the page: the item, the counts, the inspection's ratings, the history. */
  function absorb(r: DecisionResponse, before: ObservationView | undefined) {
    setItems((prev) => prev && prev.map((it) => (it.observation.id === r.observation.id ? { ...it, observation: r.observation } : it)));
    if (before && before.status !== r.observation.status) {
      setCounts((c) => ({ ...c, [before.status]: c[before.status] - 1, [r.observation.status]: c[r.observation.status] + 1 }));
    }
    if (r.ratings) setRatings((m) => ({ ...m, [r.observation.inspectionId]: r.ratings }));
    if (r.review) setHistory((h) => [{ ...r.review!, inspectionId: r.observation.inspectionId }, ...h].slice(0, 50));
  }

  async function decide(d: Decision) {
    if (!o || busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const r = await postJson<DecisionResponse>(`/api/observations/${o.id}/review`, d);
      absorb(r, o);
      if (!r.review) setMessage({ kind: 'info', text: `Already ${r.observation.status}: nothing changed.` });
      if (ADVANCES.has(d.action) && items && idx < items.length - 1) setIdx(idx + 1);
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  async function undo() {
    if (busy) return;
    const last = history.find((h) => h.action !== 'revert' && !undone.has(h.id));
    if (!last) return setMessage({ kind: 'info', text: 'Nothing to undo.' });
    setBusy(true);
    setMessage(null);
    try {
      const before = items?.find((it) => it.observation.id === last.observationId)?.observation;
      const r = await postJson<DecisionResponse>(`/api/reviews/${last.id}/revert`);
      absorb(r, before);
      setUndone((s) => new Set(s).add(last.id));
      const at = items?.findIndex((it) => it.observation.id === last.observationId) ?? -1;
      if (at >= 0) setIdx(at);
      setMessage({ kind: 'info', text: `Undone: ${last.action} of ${last.after.code}.` });
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  useReviewKeys({
    accept: () => void decide({ action: 'accept' }),
    reject: () => void decide({ action: 'reject' }),
    relabel: (n) => KEYED_CODES[n - 1] && void decide({ action: 'relabel', code: KEYED_CODES[n - 1] }),
    setGrade: (g) => void decide({ action: 'grade', grade: g }),
    cycleGrade: () => o && void decide({ action: 'grade', grade: (o.grade % 5) + 1 }),
    next: () => items && setIdx((i) => Math.min(items.length - 1, i + 1)),
    prev: () => setIdx((i) => Math.max(0, i - 1)),
    undo: () => void undo(),
    toggleHeatmap: () => setHeatmap((h) => !h),
    gradeMode: setGrading,
  });

  if (!items) return <p className="text-sm text-slate-600">Loading the review queue…</p>;
  const snapshotUrl = o && item ? (shown === null && heatmap && o.snapshotKey ? `/api/observations/${o.id}/snapshot` : `/api/inspections/${item.inspection.id}/frames/${shown ?? o.bestFrameIndex}`) : '';

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-4">
        <h1 className="text-2xl font-semibold">Review</h1>
        <div className="flex gap-2 text-sm tabular-nums" data-testid="review-counts">
          <span className="rounded bg-amber-100 px-2 py-0.5 text-amber-800" data-testid="count-pending">{counts.pending} pending</span>
          <span className="rounded bg-emerald-100 px-2 py-0.5 text-emerald-800" data-testid="count-accepted">{counts.accepted} accepted</span>
          <span className="rounded bg-slate-200 px-2 py-0.5 text-slate-700" data-testid="count-rejected">{counts.rejected} rejected</span>
        </div>
        <label className="flex items-center gap-1 text-sm text-slate-600">
          Showing
          <select
            data-testid="queue-status"
            value={status}
            onChange={(e) => router.push(`/review?${new URLSearchParams({ ...(inspectionId ? { inspection: inspectionId } : {}), status: e.target.value })}`)}
            className="rounded border border-slate-300 bg-white px-2 py-1 text-slate-900"
          >
            <option value="pending">pending</option>
            <option value="accepted">accepted</option>
            <option value="rejected">rejected</option>
          </select>
        </label>
        {inspectionId ? <Link href={`/review?status=${status}`} className="text-sm text-teal-700 hover:underline">All inspections</Link> : null}
      </div>
      {message ? <p role={message.kind === 'error' ? 'alert' : 'status'} className={`rounded px-3 py-2 text-sm ${message.kind === 'error' ? 'bg-red-50 text-red-800' : 'bg-sky-50 text-sky-800'}`}>{message.text}</p> : null}
      {!o || !item ? (
        <div className="rounded border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600" data-testid="queue-empty">
          {status === 'pending' ? 'Nothing waiting for review. Observations appear here when an analysis finishes.' : `No ${status} observations.`}
        </div>
      ) : (
        <div className="grid gap-4 lg:grid-cols-[3fr_2fr]" data-testid="review-item" data-observation={o.id} data-status={o.status}>
          <div className="space-y-2">
            <div className="flex items-center gap-2 text-sm">
              <span className="tabular-nums text-slate-600" data-testid="queue-position">{idx + 1} / {items.length}</span>
              <button data-testid="heatmap-toggle" onClick={() => setHeatmap((h) => !h)} disabled={!o.snapshotKey} className="ml-auto rounded border border-slate-300 px-3 py-1 text-xs font-medium hover:bg-slate-50 disabled:opacity-50">
                {o.snapshotKey ? (heatmap ? 'Heatmap on' : 'Heatmap off') : 'No heatmap (manual)'} <kbd className="text-slate-400">H</kbd>
              </button>
            </div>
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img data-testid="review-image" src={snapshotUrl} alt={`${o.code} at ${fmtTime(o.startS)}`} className="w-full rounded bg-black object-contain" />
            <div className="flex gap-1 overflow-x-auto" data-testid="neighbour-frames">
              {item.neighbourFrames.map((n) => (
                <button key={n} onClick={() => setShown(n === shown ? null : n)} className={`shrink-0 rounded border-2 ${n === (shown ?? o.bestFrameIndex) ? 'border-teal-600' : 'border-transparent'}`} title={n === o.bestFrameIndex ? 'best frame' : `frame ${n}`}>
                  {/* eslint-disable-next-line @next/next/no-img-element */}
                  <img src={`/api/inspections/${item.inspection.id}/frames/${n}`} alt={`frame ${n}`} className="h-16 w-auto rounded" />
                </button>
              ))}
            </div>
          </div>
          <div className="space-y-3">
            <div className="space-y-2 rounded bg-white p-4 shadow-sm">
              <div className="flex items-start gap-3">
                <GradeBadge grade={o.grade} testId="review-grade" />
                <div data-testid="review-code" data-code={o.code}><CodeLabel code={o.code} /></div>
                <span className="ml-auto"><ReviewStatusBadge status={o.status} /></span>
              </div>
              {o.modelCode && o.modelCode !== o.code ? <p className="text-xs text-slate-500">Model proposed {o.modelCode}</p> : null}
              {o.alternatives.length ? (
                <div className="flex flex-wrap items-center gap-1 text-xs text-slate-600" data-testid="alternatives">
                  <span title="Other codes the classifier scored for the same feature (another connection type, or a short burst while it passed the lens), with their mean score over this observation; click to relabel">Also possible:</span>
                  {o.alternatives.map((a) => (
                    <button
                      key={a.code}
                      type="button"
                      data-testid={`alternative-${a.code}`}
                      disabled={busy || a.code === o.code}
                      onClick={() => void decide({ action: 'relabel', code: a.code })}
                      className="rounded border border-slate-300 px-2 py-0.5 font-mono hover:bg-slate-50 disabled:opacity-50"
                    >
                      {a.code} <span className="text-slate-500">{(a.meanScore * 100).toFixed(0)} %</span>
                    </button>
                  ))}
                </div>
              ) : null}
              <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-sm tabular-nums">
                <dt className="text-slate-500">Confidence</dt><dd>{o.source === 'manual' ? 'manual' : `${(o.peakConfidence * 100).toFixed(0)} % peak · ${(o.meanConfidence * 100).toFixed(0)} % mean`}</dd>
                <dt className="text-slate-500">Time</dt><dd>{fmtTime(o.startS)}–{fmtTime(o.endS)} ({o.frameCount} {o.frameCount === 1 ? 'frame' : 'frames'})</dd>
                <dt className="text-slate-500">Distance</dt><dd>{o.startM !== null ? `${o.startM.toFixed(1)}–${(o.endM ?? o.startM).toFixed(1)} m` : '—'}</dd>
                <dt className="text-slate-500">Segment</dt>
                <dd><Link className="text-teal-700 hover:underline" href={`/segments/${item.segment.id}`}>{item.segment.assetId}</Link> <span className="text-xs text-slate-500">{item.segment.location}</span></dd>
                <dt className="text-slate-500">Inspection</dt>
                <dd><Link data-testid="inspection-link" className="break-all text-teal-700 hover:underline" href={`/inspections/${item.inspection.id}`}>{item.inspection.originalFilename}</Link></dd>
              </dl>
            </div>
            <div className="flex flex-wrap gap-2">
              <button data-testid="accept" disabled={busy} onClick={() => void decide({ action: 'accept' })} className="rounded bg-emerald-600 px-4 py-2 font-medium text-white hover:bg-emerald-500 disabled:opacity-50">Accept <kbd className="opacity-70">A</kbd></button>
              <button data-testid="reject" disabled={busy} onClick={() => void decide({ action: 'reject' })} className="rounded bg-slate-700 px-4 py-2 font-medium text-white hover:bg-slate-600 disabled:opacity-50">Reject <kbd className="opacity-70">R</kbd></button>
              <label className="flex items-center gap-1 text-sm">
                Grade <kbd className="text-slate-400">G</kbd>
                <select aria-label="Grade" value={o.grade} disabled={busy} onChange={(e) => void decide({ action: 'grade', grade: Number(e.target.value) })} className={`rounded border px-2 py-1 ${grading ? 'border-teal-600 ring-2 ring-teal-300' : 'border-slate-300'}`}>
                  {[1, 2, 3, 4, 5].map((g) => <option key={g} value={g}>{g}</option>)}
                </select>
              </label>
              <button onClick={() => setIdx((i) => Math.max(0, i - 1))} className="rounded border border-slate-300 px-3 py-2 text-sm">Prev <kbd className="text-slate-400">K</kbd></button>
              <button onClick={() => setIdx((i) => Math.min(items.length - 1, i + 1))} className="rounded border border-slate-300 px-3 py-2 text-sm">Next <kbd className="text-slate-400">J</kbd></button>
              <button data-testid="undo" onClick={() => void undo()} className="rounded border border-slate-300 px-3 py-2 text-sm">Undo <kbd className="text-slate-400">U</kbd></button>
            </div>
            {grading ? <p className="text-xs text-teal-700" data-testid="grade-mode">Grade: press 1–5 (G again: next grade, Esc: cancel)</p> : null}
            <div className="rounded bg-white p-3 shadow-sm">
              <h3 className="mb-2 text-sm font-semibold">Relabel <span className="font-normal text-slate-500">(keys 1–9)</span></h3>
              <CodePicker value={o.code} disabled={busy} onPick={(code) => void decide({ action: 'relabel', code })} />
            </div>
            <RatingsSummary ratings={ratings[item.inspection.id] ?? null} note={`for ${item.segment.assetId}; updates with each decision`} />
            <AuditHistory entries={history} undone={undone} />
          </div>
        </div>
      )}
      <p className="text-xs text-slate-500">
        Keys: <kbd>A</kbd> accept · <kbd>R</kbd> reject · <kbd>1</kbd>–<kbd>9</kbd> relabel ({KEYED_CODES.map((c, i) => `${i + 1} ${c}`).join(', ')}; all {DEFECT_CODES.length} codes in the list) · <kbd>G</kbd> then <kbd>1</kbd>–<kbd>5</kbd> grade · <kbd>J</kbd>/<kbd>K</kbd> next/previous · <kbd>U</kbd> undo · <kbd>H</kbd> heatmap
      </p>
    </div>
  );
}
