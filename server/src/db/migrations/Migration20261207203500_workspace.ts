import { Migration } from '@mikro-orm/migrations';

export class Migration20261207203500_workspace extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "macro_next_step" as enum ('REQUEST_EVIDENCE', 'PROPOSE_REFUND');`);
    this.addSql(`create table "macros" ("id" uuid not null, "title" varchar(40) not null, "body" text not null, "next_step" "macro_next_step" null, "updated_by_id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "macros_pkey" primary key ("id"));`);
    this.addSql(`alter table "macros" add constraint "macros_title_unique" unique ("title");`);

    this.addSql(`alter table "macros" add constraint "macros_updated_by_id_foreign" foreign key ("updated_by_id") references "users" ("id") on update cascade;`);

    this.addSql(`create index "users_display_name_suffix" on "users" (reverse(lower("display_name")) varchar_pattern_ops);`);
    this.addSql(`create index "users_display_name_prefix" on "users" (lower("display_name") varchar_pattern_ops);`);

    this.addSql(`create index "orders_order_no_pattern" on "orders" ("order_no" varchar_pattern_ops);`);

    this.addSql(`create index "shipments_waybill_no_pattern" on "shipments" ("waybill_no" varchar_pattern_ops);`);

    this.addSql(`create index "complaints_case_no_pattern" on "complaints" ("case_no" varchar_pattern_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "macros" cascade;`);

    this.addSql(`drop index "complaints_case_no_pattern";`);

    this.addSql(`drop index "orders_order_no_pattern";`);

    this.addSql(`drop index "shipments_waybill_no_pattern";`);

    this.addSql(`drop index "users_display_name_suffix";`);
    this.addSql(`drop index "users_display_name_prefix";`);

    this.addSql(`drop type "macro_next_step";`);
  }

}
