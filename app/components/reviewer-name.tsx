'use client';

import { useEffect, useState } from 'react';
import { DEFAULT_ACTOR, REVIEWER_COOKIE, normalizeActor } from '../../lib/services/review/actor';

export function readReviewerCookie(): string {
  const m = document.cookie.split(';').map((p) => p.trim()).find((p) => p.startsWith(`${REVIEWER_COOKIE}=`));
  try {
    return normalizeActor(m ? decodeURIComponent(m.slice(REVIEWER_COOKIE.length + 1)) : '');
  } catch {
    return DEFAULT_ACTOR;
  }
}

/** Until login exists, decisions are signed with this name (kept in the `reviewer` cookie for a year). */
export function ReviewerName({ onChange }: { onChange?: (name: string) => void }) {
  const [name, setName] = useState(DEFAULT_ACTOR);
  useEffect(() => setName(readReviewerCookie()), []);
  function save(v: string) {
    const n = normalizeActor(v);
    document.cookie = `${REVIEWER_COOKIE}=${encodeURIComponent(n)}; path=/; max-age=31536000; samesite=lax`;
    setName(n);
    onChange?.(n);
  }
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      Reviewer
      <input
        data-testid="reviewer-name"
        defaultValue={name}
        key={name}
        onBlur={(e) => save(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        }}
        className="w-36 rounded border border-slate-300 px-2 py-1 text-sm text-slate-900"
      />
    </label>
  );
}
