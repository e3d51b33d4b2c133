import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { segments } from '../../lib/db/schema';
import { createSegment } from '../../lib/services/segments/create-segment';
import { addObservation } from '../../lib/services/observations/add-observation';
import { reviewObservation } from '../../lib/services/review/review-observation';
import { ConflictError, ValidationError } from '../../lib/services/errors';
import { suiteContext } from './helpers/test-context';
import { HOSTILE_TEXT, seedHostileInspection, segmentInput } from './helpers/hostile-seed';

/**
 * Hostile metadata through the services the forms and API routes call: every outcome is either a
 * field error (ValidationError with a message for that field) or the text stored verbatim; never
 * a database error, never a changed schema. Run on PGlite and PostgreSQL (NUL, dates, float range
 * and encodings are where the two could differ).
 */
async function outcome(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return 'stored';
  } catch (err) {
    if (err instanceof ValidationError) return `field error ${JSON.stringify(err.fieldErrors)}`;
    if (err instanceof ConflictError) return `conflict: ${err.message}`;
    return `UNEXPECTED ${(err as Error).constructor.name}: ${(err as Error).message}`;
  }
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`hostile metadata on ${kind}`, () => {
    const suite = suiteContext(kind);

    it('segment text fields store hostile strings verbatim, or answer with a field error', async (c) => {
      const t = suite();
      if (!t) return c.skip();
      const ctx = t.ctx;
      let n = 0;
      for (const [label, text] of Object.entries(HOSTILE_TEXT)) {
        for (const field of ['upstreamManhole', 'downstreamManhole', 'location', 'operator'] as const) {
          const seg = await createSegment(ctx, segmentInput(`VERBATIM-${n++}`, { [field]: text }));
          const [row] = await ctx.db.select().from(segments).where(eq(segments.id, seg.id));
          expect(row[field], `${label} in ${field}`).toBe(text.trim());
        }
      }
      const fieldError = async (patch: Record<string, unknown>) => outcome(() => createSegment(ctx, segmentInput(`ERR-${n++}`, patch)));
      const cases: [Record<string, unknown>, Record<string, string>][] = [
        [{ assetId: HOSTILE_TEXT.sql }, { assetId: 'Asset id may contain letters, digits, space and . _ - /' }],
        [{ assetId: HOSTILE_TEXT.script }, { assetId: 'Asset id may contain letters, digits, space and . _ - /' }],
        [{ assetId: '' }, { assetId: 'Asset id is required' }],
        [{ assetId: '   ' }, { assetId: 'Asset id is required' }],
        [{ upstreamManhole: '' }, { upstreamManhole: 'Upstream manhole is required' }],
        [{ downstreamManhole: undefined }, { downstreamManhole: 'Invalid input: expected string, received undefined' }],
        [{ upstreamManhole: 'x'.repeat(201) }, { upstreamManhole: 'Upstream manhole must be at most 200 characters' }],
        [{ location: 'x'.repeat(501) }, { location: 'Location must be at most 500 characters' }],
        [{ operator: 'x'.repeat(1_000_000) }, { operator: 'Operator must be at most 200 characters' }],
        [{ location: 'nul\u0000byte' }, { location: 'Location must not contain control characters' }],
        [{ upstreamManhole: 'MH\r\n1' }, { upstreamManhole: 'Upstream manhole must not contain control characters' }],
        [{ operator: '\u001b[31mred' }, { operator: 'Operator must not contain control characters' }],
        [{ diameterMm: -300 }, { diameterMm: 'Diameter must be at least 50 mm' }],
        [{ diameterMm: Number.NaN }, { diameterMm: 'Diameter must be a number' }],
        [{ diameterMm: 'NaN' }, { diameterMm: 'Diameter must be a number' }],
        [{ diameterMm: Infinity }, { diameterMm: 'Diameter must be a number' }],
        [{ diameterMm: 1e308 }, { diameterMm: 'Diameter must be at most 6000 mm' }],
        [{ diameterMm: 300.5 }, { diameterMm: 'Diameter must be whole millimetres' }],
        [{ diameterMm: '300; DROP TABLE segments' }, { diameterMm: 'Diameter must be a number' }],
        [{ lengthM: 0 }, { lengthM: 'Length must be greater than 0 m' }],
        [{ lengthM: '1e400' }, { lengthM: 'Length must be a number' }],
        [{ lengthM: 2001 }, { lengthM: 'Length must be at most 2000 m' }],
        [{ material: HOSTILE_TEXT.sql }, { material: 'Choose a pipe material from the list' }],
        [{ direction: HOSTILE_TEXT.script }, { direction: 'Direction must be downstream or upstream' }],
        [{ inspectionDate: '2026-02-31' }, { inspectionDate: 'Date is not a real date' }],
        [{ inspectionDate: '0000-01-01' }, { inspectionDate: 'Date is not a real date' }],
        [{ inspectionDate: '2026-01-01\'; --' }, { inspectionDate: 'Date must be YYYY-MM-DD' }],
        [{ inspectionDate: '9999-12-31' }, { inspectionDate: 'Date must be between 1900 and 2100' }],
      ];
      for (const [patch, errors] of cases) expect(await fieldError(patch), JSON.stringify(patch).slice(0, 80)).toBe(`field error ${JSON.stringify(errors)}`);

      // Unknown keys are dropped, not written (no mass assignment of id or timestamps).
      const forcedId = crypto.randomUUID();
      const seg = await createSegment(ctx, { ...segmentInput('EXTRA-KEYS'), id: forcedId, createdAt: '1999-01-01' });
      expect(seg.id).not.toBe(forcedId);
      expect(seg.createdAt.getUTCFullYear()).toBeGreaterThan(2020);
      expect(await outcome(() => createSegment(ctx, segmentInput('EXTRA-KEYS')))).toBe('conflict: A segment with asset id "EXTRA-KEYS" already exists');
      // Half a surrogate pair is not text; both databases store the replacement character.
      const lone = await createSegment(ctx, segmentInput('LONE-SURROGATE', { location: 'bad\ud800half' }));
      const [back] = await ctx.db.select({ location: segments.location }).from(segments).where(eq(segments.id, lone.id));
      expect(back.location).toBe('bad\ufffdhalf');
      // Nothing was dropped: every verbatim segment and the extras are there.
      const [{ count }] = await ctx.db.select({ count: sql<number>`count(*)::int` }).from(segments);
      expect(count).toBe(Object.keys(HOSTILE_TEXT).length * 4 + 2);
    });

    it('observations and reviews: remarks and reviewer names verbatim, bad numbers and controls are field errors', async (c) => {
      const t = suite();
      if (!t) return c.skip();
      const ctx = t.ctx;
      const { inspectionId } = await seedHostileInspection(ctx, `OBS-${kind}`);
      const add = (patch: Record<string, unknown>) => addObservation(ctx, { inspectionId, code: 'RB', tS: 2, grade: 3, actor: 'ana', ...patch } as never);
      for (const text of Object.values(HOSTILE_TEXT)) {
        const r = await add({ remark: text, actor: text.slice(0, 80) });
        expect(r.observation.remark).toBe(text.trim());
        expect(r.review!.actor).toBe(text.slice(0, 80).trim());
        const rv = await reviewObservation(ctx, { observationId: r.observation.id, actor: text.slice(0, 80), action: 'remark', remark: `${text} (edited)` });
        expect(rv.observation.remark).toBe(`${text} (edited)`.trim());
      }
      const cases: [Record<string, unknown>, Record<string, string>][] = [
        [{ tS: Number.NaN }, { tS: 'Time must be a number of seconds' }],
        [{ tS: Infinity }, { tS: 'Time must be a number of seconds' }],
        [{ tS: -1 }, { tS: 'Time must be ≥ 0 s' }],
        [{ tS: 1e300 }, { tS: 'Time is past the end of the video (10.0 s)' }],
        [{ endS: 1e300 }, { endS: 'End time is past the end of the video (10.0 s)' }],
        [{ endS: 1 }, { endS: 'End time must not be before the start time' }],
        [{ tS: '2' }, { tS: 'Time must be a number of seconds' }],
        [{ grade: 0 }, { grade: 'Grade must be 1–5' }],
        [{ grade: 2.5 }, { grade: 'Grade must be 1–5' }],
        [{ grade: Number.NaN }, { grade: 'Grade must be a number' }],
        [{ code: HOSTILE_TEXT.sql }, { code: 'Pick one of the 17 defect codes' }],
        [{ remark: 'x'.repeat(2001) }, { remark: 'Remark must be at most 2000 characters' }],
        [{ remark: 'nul\u0000byte' }, { remark: 'Remark must not contain control characters' }],
        [{ actor: '' }, { actor: 'Reviewer name is required' }],
        [{ actor: 'x'.repeat(81) }, { actor: 'Reviewer name must be at most 80 characters' }],
        [{ actor: 'eve\u0000' }, { actor: 'Reviewer name must not contain control characters' }],
        [{ inspectionId: HOSTILE_TEXT.sql }, { inspectionId: 'Unknown inspection' }],
      ];
      for (const [patch, errors] of cases) expect(await outcome(() => add(patch)), JSON.stringify(patch).slice(0, 80)).toBe(`field error ${JSON.stringify(errors)}`);
      // A remark keeps its line breaks and tabs (multi-line text).
      expect((await add({ remark: 'line 1\n\tline 2' })).observation.remark).toBe('line 1\n\tline 2');
      const some = (await add({})).observation.id;
      const reviewCases: [Record<string, unknown>, Record<string, string>][] = [
        [{ action: 'remark', remark: 'nul\u0000byte' }, { remark: 'Remark must not contain control characters' }],
        [{ action: 'remark', remark: 'y'.repeat(2001) }, { remark: 'Remark must be at most 2000 characters' }],
        [{ action: 'grade', grade: 1e300 }, { grade: 'Grade must be 1–5' }],
        [{ action: 'relabel', code: HOSTILE_TEXT.script }, { code: 'Pick one of the 17 defect codes' }],
        [{ action: HOSTILE_TEXT.sql }, { action: 'Action must be accept, reject, relabel, grade or remark' }],
      ];
      for (const [patch, errors] of reviewCases) {
        expect(await outcome(() => reviewObservation(ctx, { observationId: some, actor: 'ana', ...patch } as never)), JSON.stringify(patch).slice(0, 80)).toBe(`field error ${JSON.stringify(errors)}`);
      }
    });
  });
}
