CREATE TABLE "segments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"asset_id" text NOT NULL,
	"upstream_manhole" text NOT NULL,
	"downstream_manhole" text NOT NULL,
	"diameter_mm" integer NOT NULL,
	"material" text NOT NULL,
	"length_m" real NOT NULL,
	"direction" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"inspection_date" date NOT NULL,
	"operator" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segments_asset_id_unique" UNIQUE("asset_id")
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"segment_id" uuid NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"video_key" text NOT NULL,
	"original_filename" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"video" jsonb,
	"sample_fps" real NOT NULL,
	"frames_expected" integer,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inspection_chunks" (
	"inspection_id" uuid NOT NULL,
	"chunk_index" integer NOT NULL,
	"start_s" real NOT NULL,
	"end_s" real NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"frames_done" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_chunks_inspection_id_chunk_index_pk" PRIMARY KEY("inspection_id","chunk_index")
);
--> statement-breakpoint
CREATE TABLE "frames" (
	"inspection_id" uuid NOT NULL,
	"frame_index" integer NOT NULL,
	"t_s" real NOT NULL,
	"distance_m" real,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	CONSTRAINT "frames_inspection_id_frame_index_pk" PRIMARY KEY("inspection_id","frame_index")
);
--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_chunks" ADD CONSTRAINT "inspection_chunks_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "frames" ADD CONSTRAINT "frames_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspections_segment_idx" ON "inspections" USING btree ("segment_id");