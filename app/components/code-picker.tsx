'use client';

import { DEFECT_CLASSES, DEFECT_CODES, type DefectCode } from '../../lib/taxonomy/codes';

/** The first nine codes get number keys 1–9 (the page binds the keys); all 17 are in the select. */
export const KEYED_CODES = DEFECT_CODES.slice(0, 9);

export function CodePicker({ value, onPick, disabled }: { value: DefectCode | null; onPick: (code: DefectCode) => void; disabled?: boolean }) {
  return (
    <div className="space-y-2" data-testid="code-picker">
      <div className="flex flex-wrap gap-1">
        {KEYED_CODES.map((code, i) => (
          <button
            key={code}
            type="button"
            disabled={disabled}
            onClick={() => onPick(code)}
            title={DEFECT_CLASSES[i].name}
            className={`rounded border px-2 py-1 font-mono text-xs ${value === code ? 'border-teal-600 bg-teal-50 text-teal-800' : 'border-slate-300 hover:bg-slate-50'} disabled:opacity-50`}
          >
            <kbd className="mr-1 text-slate-400">{i + 1}</kbd>
            {code}
          </button>
        ))}
      </div>
      <label className="flex items-center gap-2 text-xs text-slate-600">
        All codes
        <select
          aria-label="Relabel to code"
          disabled={disabled}
          value={value ?? ''}
          onChange={(e) => e.target.value && onPick(e.target.value as DefectCode)}
          className="rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900"
        >
          <option value="">—</option>
          {DEFECT_CLASSES.map((c) => (
            <option key={c.code} value={c.code}>
              {c.code} — {c.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
