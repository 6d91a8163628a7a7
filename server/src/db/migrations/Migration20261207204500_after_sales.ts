import { Migration } from '@mikro-orm/migrations';

/** Issue 16: the buyer's after-sales journey (dispute reasons, reply photos, new notification and timeline kinds). */
export class Migration20261207204500_after_sales extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter type "notification_kind" add value if not exists 'COMPLAINT_FILED';`);
    this.addSql(`alter type "notification_kind" add value if not exists 'COMPLAINT_REPLIED';`);
    this.addSql(`alter type "complaint_event_kind" add value if not exists 'RESHIPMENT_WITHDRAWN';`);
    this.addSql(`alter table "complaints" add column "dispute_reason" varchar(32) null, add column "dispute_comment" varchar(500) null, add column "disputed_at" timestamptz null;`);
    this.addSql(`alter table "complaint_notes" add column "photo_ids" uuid[] not null default '{}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "complaint_notes" drop column "photo_ids";`);
    this.addSql(`alter table "complaints" drop column "dispute_reason", drop column "dispute_comment", drop column "disputed_at";`);
  }

}
