'use client';

import { useEffect, useRef } from 'react';

export interface ReviewKeyHandlers {
  accept(): void;
  reject(): void;
  /** 1-based index into the keyed code list. */
  relabel(n: number): void;
  setGrade(g: number): void;
  cycleGrade(): void;
  next(): void;
  prev(): void;
  undo(): void;
  toggleHeatmap(): void;
  /** Grade mode on/off, for the on-screen hint. */
  gradeMode(on: boolean): void;
}

/**
 * Keyboard-first review: A accept, R reject, 1–9 relabel, G then 1–5 set grade (G again cycles),
 * J/K next/previous, U undo, H heatmap. Keys typed into form fields are left alone.
 */
export function useReviewKeys(h: ReviewKeyHandlers): void {
  const ref = useRef(h);
  ref.current = h;
  useEffect(() => {
    let grading = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const setGrading = (on: boolean) => {
      grading = on;
      clearTimeout(timer);
      if (on) timer = setTimeout(() => setGrading(false), 2500);
      ref.current.gradeMode(on);
    };
    function onKey(e: KeyboardEvent) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName))) return;
      const k = e.key.toLowerCase();
      const handlers = ref.current;
      if (grading) {
        if (/^[1-5]$/.test(k)) {
          e.preventDefault();
          setGrading(false);
          return handlers.setGrade(Number(k));
        }
        if (k === 'g') {
          e.preventDefault();
          setGrading(true);
          return handlers.cycleGrade();
        }
        setGrading(false);
        if (k === 'escape') return;
      }
      const act: Record<string, () => void> = {
        a: handlers.accept,
        r: handlers.reject,
        j: handlers.next,
        k: handlers.prev,
        u: handlers.undo,
        h: handlers.toggleHeatmap,
        g: () => setGrading(true),
      };
      if (act[k]) {
        e.preventDefault();
        act[k]();
      } else if (/^[1-9]$/.test(k)) {
        e.preventDefault();
        handlers.relabel(Number(k));
      }
    }
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      clearTimeout(timer);
    };
  }, []);
}
