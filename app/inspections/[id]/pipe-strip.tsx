'use client';

import { DEFECT_CODES } from '../../../lib/taxonomy/codes';
import { GRADE_COLORS } from '../../components/grade';
import type { ObservationView } from '../../components/observation-types';

const W = 1000; // viewBox width; the SVG scales to its container
const LABEL = 44; // left column with the lane's code
const LANE = 22;
const AXIS = 24;

/** A round tick step giving about 8–12 ticks over the segment. */
function tickStep(lengthM: number): number {
  const raw = lengthM / 10;
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) ?? p * 10;
}

/**
 * The pipe as a horizontal strip: distance along the segment (m) on x, one lane per defect code
 * present, observations as bars coloured by grade (rejected ones faded and dashed). Click a bar to
 * seek the video; the player's position is the vertical cursor.
 */
export function PipeStrip({ observations, lengthM, distanceAt, cursorT, onPick, selectedId }: {
  observations: ObservationView[];
  lengthM: number;
  /** Time (s) → distance (m): for the cursor and for observations without distances. */
  distanceAt: (t: number) => number;
  cursorT: number;
  onPick: (o: ObservationView) => void;
  selectedId?: string | null;
}) {
  const codes = DEFECT_CODES.filter((c) => observations.some((o) => o.code === c));
  const H = AXIS + Math.max(1, codes.length) * LANE + 6;
  const x = (m: number) => LABEL + (Math.min(lengthM, Math.max(0, m)) / lengthM) * (W - LABEL - 8);
  const step = tickStep(lengthM);
  const ticks: number[] = [];
  for (let m = 0; m <= lengthM + 1e-9; m += step) ticks.push(m);
  const cursorX = x(distanceAt(cursorT));
  return (
    <svg data-testid="pipe-strip" viewBox={`0 0 ${W} ${H}`} className="w-full rounded bg-white shadow-sm" role="img" aria-label={`Pipe strip: ${observations.length} observations over ${lengthM.toFixed(1)} m`}>
      {ticks.map((m) => (
        <g key={m}>
          <line x1={x(m)} x2={x(m)} y1={AXIS - 4} y2={H - 4} stroke="#e2e8f0" />
          <text x={x(m)} y={14} fontSize={11} textAnchor="middle" fill="#64748b">{`${Number(m.toFixed(1))} m`}</text>
        </g>
      ))}
      {codes.length === 0 ? (
        <text x={W / 2} y={AXIS + 15} fontSize={12} textAnchor="middle" fill="#64748b">No observations</text>
      ) : null}
      {codes.map((code, lane) => (
        <g key={code}>
          <text x={6} y={AXIS + lane * LANE + 15} fontSize={12} fontFamily="monospace" fontWeight={600} fill="#334155">{code}</text>
          <line x1={LABEL} x2={W - 8} y1={AXIS + lane * LANE + LANE / 2} y2={AXIS + lane * LANE + LANE / 2} stroke="#f1f5f9" />
          {/* Longest first, so a short observation inside a long one stays visible and clickable on top. */}
          {observations
            .filter((o) => o.code === code)
            .sort((a, b) => Math.abs((b.endM ?? distanceAt(b.endS)) - (b.startM ?? distanceAt(b.startS))) - Math.abs((a.endM ?? distanceAt(a.endS)) - (a.startM ?? distanceAt(a.startS))))
            .map((o) => {
            const m0 = o.startM ?? distanceAt(o.startS);
            const m1 = o.endM ?? distanceAt(o.endS);
            const x0 = x(Math.min(m0, m1));
            const w = Math.max(5, x(Math.max(m0, m1)) - x0);
            const rejected = o.status === 'rejected';
            return (
              <rect
                key={o.id}
                data-testid="strip-bar"
                data-code={o.code}
                data-status={o.status}
                data-start={o.startS}
                role="button"
                tabIndex={0}
                aria-label={`${o.code} grade ${o.grade} at ${m0.toFixed(1)} m, ${o.status}`}
                x={x0}
                y={AXIS + lane * LANE + 3}
                width={w}
                height={LANE - 6}
                rx={3}
                fill={GRADE_COLORS[o.grade]}
                fillOpacity={rejected ? 0.18 : o.status === 'pending' ? 0.75 : 1}
                stroke={selectedId === o.id ? '#0f172a' : rejected ? '#94a3b8' : 'none'}
                strokeWidth={selectedId === o.id ? 2 : 1}
                strokeDasharray={rejected ? '3 2' : undefined}
                className="cursor-pointer focus:outline-none"
                onClick={() => onPick(o)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onPick(o);
                  }
                }}
              >
                <title>{`${o.code} grade ${o.grade} · ${m0.toFixed(1)}–${m1.toFixed(1)} m · ${o.status}`}</title>
              </rect>
            );
          })}
        </g>
      ))}
      <line data-testid="strip-cursor" x1={cursorX} x2={cursorX} y1={AXIS - 6} y2={H - 2} stroke="#0f766e" strokeWidth={2} />
    </svg>
  );
}
