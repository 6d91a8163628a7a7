import { Migration } from '@mikro-orm/migrations';

export class Migration20261127144303_complaints extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "complaint_status" as enum ('SUBMITTED', 'IN_REVIEW', 'AWAITING_BUYER', 'RESOLVED', 'REJECTED', 'CLOSED', 'WITHDRAWN');`);
    this.addSql(`create type "complaint_channel" as enum ('PLATFORM', 'CUSTOMER_SERVICE', 'REVIEW');`);
    this.addSql(`create type "resolution_kind" as enum ('REFUND', 'RESHIP', 'REJECT');`);
    this.addSql(`create type "evidence_kind" as enum ('PACKAGE_EXTERIOR', 'WAYBILL_LABEL', 'CONTENTS', 'SCALE', 'OTHER');`);
    this.addSql(`create type "complaint_event_kind" as enum ('FILED', 'JOINED', 'ASSIGNED', 'NOTE_ADDED', 'EVIDENCE_REQUESTED', 'EVIDENCE_ADDED', 'RESOLVED', 'ACCEPTED', 'DISPUTED', 'WITHDRAWN', 'AUTO_CLOSED');`);
    this.addSql(`create table "scheduled_jobs" ("name" varchar(60) not null, "next_run_at" timestamptz not null, "last_started_at" timestamptz null, "last_finished_at" timestamptz null, "last_result" varchar(200) null, constraint "scheduled_jobs_pkey" primary key ("name"));`);

    this.addSql(`create table "complaints" ("id" uuid not null, "case_no" varchar(24) not null, "order_id" uuid not null, "buyer_id" uuid not null, "status" "complaint_status" not null, "channel" "complaint_channel" not null, "channels" text[] not null, "description" text not null, "thread_id" uuid null, "assignee_id" uuid null, "first_response_due_at" timestamptz not null, "resolution_due_at" timestamptz not null, "first_responded_at" timestamptz null, "paused_at" timestamptz null, "sla_due_at" timestamptz null, "resolution_kind" "resolution_kind" null, "refund_cents" int null, "resolution_reason" varchar(500) null, "decided_at" timestamptz null, "reshipment_id" uuid null, "disputes" smallint not null, "responded_at" timestamptz null, "closed_at" timestamptz null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "complaints_pkey" primary key ("id"));`);
    this.addSql(`alter table "complaints" add constraint "complaints_case_no_unique" unique ("case_no");`);
    this.addSql(`create index "complaints_order_id_index" on "complaints" ("order_id");`);
    this.addSql(`create index "complaints_buyer_id_created_at_index" on "complaints" ("buyer_id", "created_at");`);
    this.addSql(`create index "complaints_status_sla_due_at_index" on "complaints" ("status", "sla_due_at");`);
    // One open short-shipment case per order, whatever channel it came through: a second filing joins it.
    this.addSql(`create unique index "complaints_one_open_per_order" on "complaints" ("order_id") where "status" in ('SUBMITTED', 'IN_REVIEW', 'AWAITING_BUYER');`);

    this.addSql(`create table "evidence" ("id" uuid not null, "uploader_id" uuid not null, "complaint_id" uuid null, "kind" "evidence_kind" not null, "mime_type" varchar(40) not null, "bytes" int not null, "width" int not null, "height" int not null, "sha256" varchar(64) not null, "blob_key" varchar(80) not null, "thumb_key" varchar(80) not null, "created_at" timestamptz not null, "attached_at" timestamptz null, constraint "evidence_pkey" primary key ("id"));`);
    this.addSql(`create index "evidence_sha256_index" on "evidence" ("sha256");`);
    this.addSql(`create index "evidence_uploader_id_created_at_index" on "evidence" ("uploader_id", "created_at");`);
    // The sweep for photos never attached to a case.
    this.addSql(`create index "evidence_unattached_index" on "evidence" ("created_at") where "complaint_id" is null;`);

    this.addSql(`create table "complaint_notes" ("id" uuid not null, "complaint_id" uuid not null, "author_id" uuid not null, "body" text not null, "internal" boolean not null, "created_at" timestamptz not null, constraint "complaint_notes_pkey" primary key ("id"));`);
    this.addSql(`create index "complaint_notes_complaint_id_created_at_index" on "complaint_notes" ("complaint_id", "created_at");`);

    this.addSql(`create table "complaint_items" ("id" uuid not null, "complaint_id" uuid not null, "line_id" uuid not null, "quantity_missing" int not null, constraint "complaint_items_pkey" primary key ("id"));`);
    this.addSql(`alter table "complaint_items" add constraint "complaint_items_complaint_id_line_id_unique" unique ("complaint_id", "line_id");`);

    this.addSql(`create table "complaint_filings" ("id" uuid not null, "complaint_id" uuid not null, "filed_by_id" uuid not null, "idempotency_key" varchar(64) not null, "fingerprint" varchar(64) not null, "channel" "complaint_channel" not null, "joined" boolean not null, "created_at" timestamptz not null, constraint "complaint_filings_pkey" primary key ("id"));`);
    this.addSql(`alter table "complaint_filings" add constraint "complaint_filings_filed_by_id_idempotency_key_unique" unique ("filed_by_id", "idempotency_key");`);

    this.addSql(`create table "complaint_events" ("id" uuid not null, "complaint_id" uuid not null, "actor_id" uuid null, "kind" "complaint_event_kind" not null, "to_status" "complaint_status" null, "detail" varchar(500) null, "internal" boolean not null, "created_at" timestamptz not null, constraint "complaint_events_pkey" primary key ("id"));`);
    this.addSql(`create index "complaint_events_complaint_id_created_at_index" on "complaint_events" ("complaint_id", "created_at");`);

    this.addSql(`alter table "complaints" add constraint "complaints_order_id_foreign" foreign key ("order_id") references "orders" ("id") on update cascade;`);
    this.addSql(`alter table "complaints" add constraint "complaints_buyer_id_foreign" foreign key ("buyer_id") references "users" ("id") on update cascade;`);
    this.addSql(`alter table "complaints" add constraint "complaints_assignee_id_foreign" foreign key ("assignee_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "complaints" add constraint "complaints_reshipment_id_foreign" foreign key ("reshipment_id") references "shipments" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "evidence" add constraint "evidence_uploader_id_foreign" foreign key ("uploader_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "evidence" add constraint "evidence_complaint_id_foreign" foreign key ("complaint_id") references "complaints" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "complaint_notes" add constraint "complaint_notes_complaint_id_foreign" foreign key ("complaint_id") references "complaints" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "complaint_notes" add constraint "complaint_notes_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade;`);

    this.addSql(`alter table "complaint_items" add constraint "complaint_items_complaint_id_foreign" foreign key ("complaint_id") references "complaints" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "complaint_items" add constraint "complaint_items_line_id_foreign" foreign key ("line_id") references "order_lines" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "complaint_filings" add constraint "complaint_filings_complaint_id_foreign" foreign key ("complaint_id") references "complaints" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "complaint_filings" add constraint "complaint_filings_filed_by_id_foreign" foreign key ("filed_by_id") references "users" ("id") on update cascade;`);

    this.addSql(`alter table "complaint_events" add constraint "complaint_events_complaint_id_foreign" foreign key ("complaint_id") references "complaints" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "complaint_events" add constraint "complaint_events_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "evidence" drop constraint "evidence_complaint_id_foreign";`);

    this.addSql(`alter table "complaint_notes" drop constraint "complaint_notes_complaint_id_foreign";`);

    this.addSql(`alter table "complaint_items" drop constraint "complaint_items_complaint_id_foreign";`);

    this.addSql(`alter table "complaint_filings" drop constraint "complaint_filings_complaint_id_foreign";`);

    this.addSql(`alter table "complaint_events" drop constraint "complaint_events_complaint_id_foreign";`);

    this.addSql(`drop table if exists "scheduled_jobs" cascade;`);

    this.addSql(`drop table if exists "complaints" cascade;`);

    this.addSql(`drop table if exists "evidence" cascade;`);

    this.addSql(`drop table if exists "complaint_notes" cascade;`);

    this.addSql(`drop table if exists "complaint_items" cascade;`);

    this.addSql(`drop table if exists "complaint_filings" cascade;`);

    this.addSql(`drop table if exists "complaint_events" cascade;`);

    this.addSql(`drop type "complaint_status";`);
    this.addSql(`drop type "complaint_channel";`);
    this.addSql(`drop type "resolution_kind";`);
    this.addSql(`drop type "evidence_kind";`);
    this.addSql(`drop type "complaint_event_kind";`);
  }

}
