'use client';

import Link from 'next/link';
import { useMemo, useRef, useState } from 'react';
import type { SegmentRatings } from '../../../lib/db/schema';
import { DEFECT_CLASSES, type DefectCode } from '../../../lib/taxonomy/codes';
import { GRADE_COLORS } from '../../components/grade';
import { RatingsSummary } from '../../components/ratings-summary';
import { fmtTime, postJson, type DecisionResponse, type ObservationView } from '../../components/observation-types';
import { Filmstrip } from './filmstrip';
import { ObservationList } from './observation-list';
import { PipeStrip } from './pipe-strip';
import { VideoPlayer } from './video-player';

/**
 * The finished inspection: condition summary, video player synchronized with the pipe strip
 * and the filmstrip, the observation list, and adding a missed observation at the playhead.
 */
export function InspectionReview(props: {
  inspectionId: string;
  lengthM: number;
  durationS: number;
  sampleFps: number;
  frameCount: number;
  initialObservations: ObservationView[];
  initialRatings: SegmentRatings | null;
  /** The user may review (engineer/admin): shows adding a missed observation and the review link. */
  canReview: boolean;
}) {
  const { inspectionId, lengthM, durationS, sampleFps, frameCount } = props;
  const [obs, setObs] = useState(props.initialObservations);
  const [ratings, setRatings] = useState(props.initialRatings);
  const [t, setT] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [frameIndex, setFrameIndex] = useState<number | null>(null);
  const [addCode, setAddCode] = useState<DefectCode>('RB');
  const [addGrade, setAddGrade] = useState(3);
  const [addRemark, setAddRemark] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const video = useRef<HTMLVideoElement | null>(null);

  // Constant-speed crawler fallback (as the analysis assumes when the overlay is not read).
  const distanceAt = useMemo(() => (s: number) => (durationS > 0 ? (Math.min(durationS, Math.max(0, s)) / durationS) * lengthM : 0), [durationS, lengthM]);
  const nearestFrame = (s: number) => Math.min(Math.max(0, frameCount - 1), Math.max(0, Math.round(s * sampleFps)));

  function pick(o: ObservationView) {
    setSelected(o.id);
    setFrameIndex(nearestFrame(o.startS));
    setT(o.startS);
    if (video.current) video.current.currentTime = o.startS;
  }

  async function add() {
    setBusy(true);
    setError(null);
    try {
      const r = await postJson<DecisionResponse>(`/api/inspections/${inspectionId}/observations`, { code: addCode, grade: addGrade, tS: Math.round(t * 1000) / 1000, remark: addRemark || undefined });
      setObs((prev) => [...prev, r.observation].sort((a, b) => a.startS - b.startS));
      if (r.ratings) setRatings(r.ratings);
      setSelected(r.observation.id);
      setAddRemark('');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const pending = obs.filter((o) => o.status === 'pending').length;
  return (
    <div className="space-y-5">
      <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
        <div className="space-y-3">
          <VideoPlayer inspectionId={inspectionId} videoRef={video} onTime={setT} />
          {props.canReview ? <div className="flex flex-wrap items-end gap-2 rounded bg-white p-3 text-sm shadow-sm" data-testid="add-observation">
            <label className="flex flex-col text-xs text-slate-600">
              Code
              <select data-testid="add-code" value={addCode} onChange={(e) => setAddCode(e.target.value as DefectCode)} className="rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900">
                {DEFECT_CLASSES.map((c) => <option key={c.code} value={c.code}>{c.code} — {c.name}</option>)}
              </select>
            </label>
            <label className="flex flex-col text-xs text-slate-600">
              Grade
              <select data-testid="add-grade" value={addGrade} onChange={(e) => setAddGrade(Number(e.target.value))} className="rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900">
                {[1, 2, 3, 4, 5].map((g) => <option key={g} value={g}>{g}</option>)}
              </select>
            </label>
            <label className="flex min-w-32 flex-1 flex-col text-xs text-slate-600">
              Remark
              <input value={addRemark} onChange={(e) => setAddRemark(e.target.value)} maxLength={2000} className="rounded border border-slate-300 px-2 py-1 text-sm text-slate-900" />
            </label>
            <button data-testid="add-observation-submit" disabled={busy} onClick={() => void add()} className="rounded bg-teal-700 px-3 py-1.5 font-medium text-white hover:bg-teal-600 disabled:opacity-50">
              Add observation at {fmtTime(t)}
            </button>
            {error ? <p role="alert" className="w-full text-xs text-red-700">{error}</p> : null}
          </div> : null}
        </div>
        <div className="space-y-3">
          <RatingsSummary ratings={ratings} />
          <div className="rounded bg-white p-3 text-sm shadow-sm">
            <span className="tabular-nums">{obs.length} observations · {pending} pending review</span>
            {pending && props.canReview ? <Link href={`/review?inspection=${inspectionId}`} className="ml-3 font-medium text-teal-700 hover:underline">Review them →</Link> : null}
          </div>
        </div>
      </div>
      <section className="space-y-2">
        <h2 className="font-semibold">Pipe strip <span className="text-sm font-normal text-slate-500">({lengthM.toFixed(1)} m; click a bar to jump there)</span></h2>
        <PipeStrip observations={obs} lengthM={lengthM} distanceAt={distanceAt} cursorT={t} onPick={pick} selectedId={selected} />
        <div className="flex gap-3 text-xs text-slate-500">
          <span>Grade:</span>
          {[1, 2, 3, 4, 5].map((g) => <span key={g} className="inline-flex items-center gap-1"><span className="inline-block h-2.5 w-4 rounded-sm" style={{ backgroundColor: GRADE_COLORS[g] }} />{g}</span>)}
          <span>· faded = pending · dashed = rejected</span>
        </div>
      </section>
      <section className="space-y-2">
        <h2 className="font-semibold">Observations</h2>
        <ObservationList observations={obs} selectedId={selected} onPick={pick} />
      </section>
      <section className="space-y-2">
        <h2 className="font-semibold">Frames ({frameCount}, sampled at {sampleFps} fps, lighting normalized)</h2>
        <Filmstrip id={inspectionId} selectIndex={frameIndex} />
      </section>
    </div>
  );
}
