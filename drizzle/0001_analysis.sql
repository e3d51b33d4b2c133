CREATE TABLE "observations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"code" text NOT NULL,
	"model_code" text,
	"source" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"start_s" real NOT NULL,
	"end_s" real NOT NULL,
	"start_m" real,
	"end_m" real,
	"peak_confidence" real NOT NULL,
	"mean_confidence" real NOT NULL,
	"best_frame_index" integer NOT NULL,
	"frame_count" integer NOT NULL,
	"grade" integer NOT NULL,
	"box" jsonb,
	"snapshot_key" text,
	"remark" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"observation_id" uuid NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "model" text;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "ratings" jsonb;--> statement-breakpoint
ALTER TABLE "frames" ADD COLUMN "scores" real[];--> statement-breakpoint
ALTER TABLE "frames" ADD COLUMN "model" text;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_observation_id_observations_id_fk" FOREIGN KEY ("observation_id") REFERENCES "public"."observations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "observations_inspection_idx" ON "observations" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "observations_queue_idx" ON "observations" USING btree ("status","grade");--> statement-breakpoint
CREATE INDEX "reviews_observation_idx" ON "reviews" USING btree ("observation_id");