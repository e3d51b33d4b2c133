import { pgTable, uuid, text, integer, real, date, timestamp } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { ONE_LINE_CONTROL } from '../../util/text';

export const PIPE_MATERIALS = ['concrete', 'vitrified clay', 'PVC', 'PE', 'brick', 'cast iron', 'ductile iron', 'steel', 'asbestos cement', 'GRP', 'other'] as const;
export const INSPECTION_DIRECTIONS = ['downstream', 'upstream'] as const;

/** A pipe segment: the stretch of sewer between two manholes. */
export const segments = pgTable('segments', {
  id: uuid('id').primaryKey().defaultRandom(),
  assetId: text('asset_id').notNull().unique(),
  upstreamManhole: text('upstream_manhole').notNull(),
  downstreamManhole: text('downstream_manhole').notNull(),
  diameterMm: integer('diameter_mm').notNull(),
  material: text('material', { enum: PIPE_MATERIALS }).notNull(),
  lengthM: real('length_m').notNull(),
  direction: text('direction', { enum: INSPECTION_DIRECTIONS }).notNull(),
  location: text('location').notNull().default(''),
  inspectionDate: date('inspection_date').notNull(),
  operator: text('operator').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Segment = typeof segments.$inferSelect;

/** One-line text: control characters get a field error (see lib/util/text.ts), the rest is stored verbatim. */
const line = (label: string, max: number) =>
  z.string().trim().max(max, `${label} must be at most ${max} characters`).refine((s) => !ONE_LINE_CONTROL.test(s), `${label} must not contain control characters`);
const text200 = (label: string) => line(label, 200).refine((s) => s.length > 0, `${label} is required`);

/** YYYY-MM-DD that exists in the calendar (V8's Date.parse accepts 2026-02-31), within 1900–2100. */
function realDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Validation for user input; messages are shown next to the form fields. */
export const SegmentInput = z.object({
  assetId: text200('Asset id').regex(/^[\p{L}\p{N}._\-/ ]+$/u, 'Asset id may contain letters, digits, space and . _ - /'),
  upstreamManhole: text200('Upstream manhole'),
  downstreamManhole: text200('Downstream manhole'),
  // Range before integrality: 1e308 is "too large", not "not whole".
  diameterMm: z.coerce.number({ error: 'Diameter must be a number' }).min(50, 'Diameter must be at least 50 mm').max(6000, 'Diameter must be at most 6000 mm').int('Diameter must be whole millimetres'),
  material: z.enum(PIPE_MATERIALS, { error: 'Choose a pipe material from the list' }),
  lengthM: z.coerce.number({ error: 'Length must be a number' }).positive('Length must be greater than 0 m').max(2000, 'Length must be at most 2000 m'),
  direction: z.enum(INSPECTION_DIRECTIONS, { error: 'Direction must be downstream or upstream' }),
  location: line('Location', 500).default(''),
  inspectionDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date must be YYYY-MM-DD')
    .refine(realDate, 'Date is not a real date')
    .refine((s) => s >= '1900-01-01' && s <= '2100-12-31', 'Date must be between 1900 and 2100'),
  operator: line('Operator', 200).default(''),
});
export type SegmentInput = z.infer<typeof SegmentInput>;
