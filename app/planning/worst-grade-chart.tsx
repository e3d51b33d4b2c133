import Link from 'next/link';
import { GRADE_COLORS } from '../components/grade';

/**
 * Segments by the worst grade of their latest finished inspection: a small server-rendered SVG
 * bar chart (no client JS). Each bar links to the planning list filtered to that grade or worse.
 */
export function WorstGradeChart({ counts, notAnalysed }: { counts: readonly number[]; notAnalysed: number }) {
  const bars = [
    { label: 'not analysed', n: notAnalysed, color: '#cbd5e1', href: '/planning?sort=asset' },
    { label: 'none', n: counts[0], color: '#94a3b8', href: '/planning' },
    ...[1, 2, 3, 4, 5].map((g) => ({ label: `grade ${g}`, n: counts[g], color: GRADE_COLORS[g], href: `/planning?minGrade=${g}` })),
  ];
  const max = Math.max(1, ...bars.map((b) => b.n));
  const W = 350;
  const H = 160;
  const barW = 38;
  const gap = (W - bars.length * barW) / (bars.length + 1);
  const plotH = H - 44;
  return (
    <svg data-testid="worst-grade-chart" viewBox={`0 0 ${W} ${H}`} className="h-auto w-full max-w-md" role="img" aria-label="Segments by worst observation grade">
      <line x1={0} x2={W} y1={plotH + 4} y2={plotH + 4} stroke="#cbd5e1" />
      {bars.map((b, i) => {
        const h = Math.round((b.n / max) * (plotH - 16));
        const x = gap + i * (barW + gap);
        return (
          <Link key={b.label} href={b.href}>
            <g data-testid={`bar-${b.label.replace(' ', '-')}`}>
              <title>{`${b.n} segment(s): ${b.label}`}</title>
              <rect x={x} y={plotH + 4 - h} width={barW} height={Math.max(h, b.n ? 2 : 0)} rx={3} fill={b.color} />
              <text x={x + barW / 2} y={plotH - h - 1} textAnchor="middle" fontSize={14} fontWeight={600} fill="#0f172a">{b.n}</text>
              <text x={x + barW / 2} y={H - 20} textAnchor="middle" fontSize={12} fill="#475569">{b.label.split(' ')[0]}</text>
              <text x={x + barW / 2} y={H - 5} textAnchor="middle" fontSize={12} fill="#475569">{b.label.split(' ')[1] ?? ''}</text>
            </g>
          </Link>
        );
      })}
    </svg>
  );
}
