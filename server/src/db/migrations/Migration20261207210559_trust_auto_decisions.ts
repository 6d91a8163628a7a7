import { Migration } from '@mikro-orm/migrations';

export class Migration20261207210559_trust_auto_decisions extends Migration {

  override async up(): Promise<void> {
    // The named system actor of instant decisions: an agent row no one can sign in as (no valid hash).
    this.addSql(`insert into "users" ("id", "role", "phone", "display_name", "password_hash", "locale", "created_at")
      values ('00000000-0000-4000-8000-0000000a0700', 'AGENT', '10000000000', '自动核验', '!', 'zh-CN', now()) on conflict do nothing;`);
    this.addSql(`create table "auto_decisions" ("id" uuid not null, "complaint_id" uuid not null, "outcome" varchar(16) not null, "refund_cents" int null, "checks" jsonb not null, "facts" jsonb not null, "decided_at" timestamptz not null, "reversible_until" timestamptz not null, "reversed_at" timestamptz null, "reversed_by_id" uuid null, "reverse_reason" varchar(500) null, constraint "auto_decisions_pkey" primary key ("id"));`);
    this.addSql(`alter table "auto_decisions" add constraint "auto_decisions_complaint_id_unique" unique ("complaint_id");`);

    this.addSql(`alter table "auto_decisions" add constraint "auto_decisions_complaint_id_foreign" foreign key ("complaint_id") references "complaints" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "auto_decisions" add constraint "auto_decisions_reversed_by_id_foreign" foreign key ("reversed_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter type "complaint_event_kind" add value if not exists 'AUTO_DECLINED' after 'AUTO_CLOSED';`);

    this.addSql(`alter type "complaint_event_kind" add value if not exists 'AUTO_REVERSED' after 'AUTO_DECLINED';`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "users" where "id" = '00000000-0000-4000-8000-0000000a0700';`);
    this.addSql(`drop table if exists "auto_decisions" cascade;`);
  }

}
