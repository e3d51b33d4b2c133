'use client';

import { useEffect, useRef, useState } from 'react';

interface FrameItem {
  index: number;
  t: number;
  distanceM: number | null;
  before: { meanLuma: number; stdLuma: number };
  after: { meanLuma: number; stdLuma: number };
}

const PAGE = 120;

function fmtTime(t: number) {
  const m = Math.floor(t / 60);
  return `${m}:${(t - m * 60).toFixed(1).padStart(4, '0')}`;
}

/**
 * Normalized frames in time order, with one selected frame shown large and a before/after toggle.
 * `selectIndex` lets the page select a frame (e.g. the one nearest to a clicked observation);
 * a frame outside the loaded pages loads a fresh page around it.
 */
export function Filmstrip({ id, selectIndex }: { id: string; selectIndex?: number | null }) {
  const [frames, setFrames] = useState<FrameItem[]>([]);
  const [more, setMore] = useState(true);
  const [sel, setSel] = useState<FrameItem | null>(null);
  const [showRaw, setShowRaw] = useState(false);
  const strip = useRef<HTMLDivElement>(null);

  async function load(from: number, opts: { replace?: boolean; select?: number } = {}) {
    const res = await fetch(`/api/inspections/${id}/frames?from=${from}&limit=${PAGE}`);
    const body = (await res.json()) as { frames: FrameItem[] };
    setFrames((prev) => (opts.replace ? body.frames : [...prev, ...body.frames]));
    setMore(body.frames.length === PAGE);
    const wanted = opts.select === undefined ? undefined : body.frames.find((f) => f.index === opts.select);
    setSel((s) => wanted ?? s ?? body.frames[0] ?? null);
  }
  useEffect(() => {
    void load(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
  const loadedAny = frames.length > 0;
  useEffect(() => {
    // Also re-runs once the first page arrives, for a frame picked before the strip had loaded.
    if (selectIndex === null || selectIndex === undefined || !loadedAny) return;
    const hit = frames.find((f) => f.index === selectIndex);
    if (hit) setSel(hit);
    else void load(Math.max(0, selectIndex - 10), { replace: true, select: selectIndex });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectIndex, loadedAny]);
  useEffect(() => {
    // Scroll the strip sideways only: scrollIntoView would also scroll the page.
    const box = strip.current;
    const el = sel ? box?.querySelector<HTMLElement>(`[data-frame="${sel.index}"]`) : null;
    if (box && el) box.scrollLeft = el.offsetLeft - box.offsetLeft - box.clientWidth / 2 + el.clientWidth / 2;
  }, [sel]);

  if (!frames.length) return <p className="text-sm text-slate-600">No frames.</p>;
  return (
    <div className="space-y-3">
      {sel ? (
        <figure className="rounded bg-white p-3 shadow-sm">
          <div className="mb-2 flex items-center gap-3 text-sm">
            <span className="font-medium" data-testid="frame-selected">Frame {sel.index}</span>
            <span className="text-slate-600 tabular-nums">{fmtTime(sel.t)}{sel.distanceM !== null ? ` · ${sel.distanceM.toFixed(2)} m` : ''}</span>
            <button data-testid="before-after" onClick={() => setShowRaw((r) => !r)} className="ml-auto rounded border border-slate-300 px-3 py-1 text-xs font-medium hover:bg-slate-50">
              {showRaw ? 'Showing: before (as recorded)' : 'Showing: after (normalized)'} — toggle
            </button>
          </div>
          {/* eslint-disable-next-line @next/next/no-img-element */}
          {/* Keyed by frame and variant: a new element per picture, so the previous frame is never shown under the new caption while the next one loads. */}
          <img key={`${sel.index}-${showRaw ? 'raw' : 'norm'}`} data-testid="frame-large" alt={`frame ${sel.index} ${showRaw ? 'before' : 'after'} normalization`} src={`/api/inspections/${id}/frames/${sel.index}?variant=${showRaw ? 'raw' : 'norm'}`} className="mx-auto max-h-[420px] rounded" />
          <figcaption className="mt-2 text-xs text-slate-600 tabular-nums">
            Luma mean/std before {sel.before.meanLuma.toFixed(0)}/{sel.before.stdLuma.toFixed(0)} → after {sel.after.meanLuma.toFixed(0)}/{sel.after.stdLuma.toFixed(0)}
          </figcaption>
        </figure>
      ) : null}
      <div ref={strip} className="flex gap-1 overflow-x-auto pb-2" data-testid="filmstrip">
        {frames.map((f) => (
          <button key={f.index} data-frame={f.index} onClick={() => setSel(f)} className={`shrink-0 rounded border-2 ${sel?.index === f.index ? 'border-teal-600' : 'border-transparent'}`} title={fmtTime(f.t)}>
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img loading="lazy" alt={`frame ${f.index}`} src={`/api/inspections/${id}/frames/${f.index}`} className="h-16 w-24 rounded bg-slate-200 object-cover" />
          </button>
        ))}
        {more ? <button onClick={() => void load(frames[frames.length - 1].index + 1)} className="shrink-0 rounded border border-slate-300 px-3 text-xs">More…</button> : null}
      </div>
    </div>
  );
}
