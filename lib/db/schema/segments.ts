import { pgTable, uuid, text, integer, real, date, timestamp } from 'drizzle-orm/pg-core';
import { z } from 'zod';

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

const text200 = (label: string) => z.string().trim().min(1, `${label} is required`).max(200, `${label} must be at most 200 characters`);

/** Validation for user input; messages are shown next to the form fields. */
export const SegmentInput = z.object({
  assetId: text200('Asset id').regex(/^[\p{L}\p{N}._\-/ ]+$/u, 'Asset id may contain letters, digits, space and . _ - /'),
  upstreamManhole: text200('Upstream manhole'),
  downstreamManhole: text200('Downstream manhole'),
  diameterMm: z.coerce.number({ error: 'Diameter must be a number' }).int('Diameter must be whole millimetres').min(50, 'Diameter must be at least 50 mm').max(6000, 'Diameter must be at most 6000 mm'),
  material: z.enum(PIPE_MATERIALS, { error: 'Choose a pipe material from the list' }),
  lengthM: z.coerce.number({ error: 'Length must be a number' }).positive('Length must be greater than 0 m').max(2000, 'Length must be at most 2000 m'),
  direction: z.enum(INSPECTION_DIRECTIONS, { error: 'Direction must be downstream or upstream' }),
  location: z.string().trim().max(500, 'Location must be at most 500 characters').default(''),
  inspectionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Date must be YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(s)), 'Date is not a real date'),
  operator: z.string().trim().max(200, 'Operator must be at most 200 characters').default(''),
});
export type SegmentInput = z.infer<typeof SegmentInput>;
