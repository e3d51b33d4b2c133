import { defectClass, type DefectCode } from '../../lib/taxonomy/codes';

/** A Sewer-ML code with its name and the nearest codes of the other standards (approximate, labelled so). */
export function CodeLabel({ code, compact = false }: { code: DefectCode; compact?: boolean }) {
  const c = defectClass(code);
  return (
    <span className="inline-flex flex-col">
      <span>
        <strong className="font-mono">{c.code}</strong> <span className="text-slate-700">{c.name}</span>
      </span>
      <span className={`text-xs text-slate-500 ${compact ? 'hidden md:inline' : ''}`} title="Nearest codes in other standards (approximate)">
        nearest: PACP {c.pacp} · EN 13508-2 {c.en13508} · KR {c.korean}
      </span>
    </span>
  );
}
