import { Migration } from '@mikro-orm/migrations';

export class Migration20261127144007_chat extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "thread_kind" as enum ('COURIER', 'SUPPORT');`);
    this.addSql(`create type "message_kind" as enum ('TEXT', 'SYSTEM');`);
    this.addSql(`create type "chat_system_event" as enum ('DISPATCHED', 'REDISPATCHED', 'PICKED_UP', 'EXCEPTION', 'DELIVERED');`);
    this.addSql(`create table "threads" ("id" uuid not null, "kind" "thread_kind" not null, "shipment_id" uuid null, "order_id" uuid null, "buyer_id" uuid not null, "last_seq" int not null, "last_message_at" timestamptz null, "waiting_since" timestamptz null, "last_agent_id" uuid null, "closed_at" timestamptz null, "created_at" timestamptz not null, constraint "threads_pkey" primary key ("id"));`);
    this.addSql(`alter table "threads" add constraint "threads_shipment_id_unique" unique ("shipment_id");`);
    this.addSql(`create index "threads_kind_waiting_since_index" on "threads" ("kind", "waiting_since");`);
    this.addSql(`create index "threads_buyer_id_last_message_at_index" on "threads" ("buyer_id", "last_message_at");`);
    this.addSql(`create unique index "threads_open_support_per_buyer" on "threads" ("buyer_id") where "kind" = 'SUPPORT' and "closed_at" is null;`);

    this.addSql(`create table "thread_reads" ("thread_id" uuid not null, "user_id" uuid not null, "last_read_seq" int not null default 0, "notified_at" timestamptz null, "updated_at" timestamptz not null, constraint "thread_reads_pkey" primary key ("thread_id", "user_id"));`);

    this.addSql(`create table "messages" ("id" uuid not null, "thread_id" uuid not null, "seq" int not null, "kind" "message_kind" not null, "author_id" uuid null, "body" varchar(2000) not null, "system_event" "chat_system_event" null, "client_message_id" varchar(64) null, "created_at" timestamptz not null, constraint "messages_pkey" primary key ("id"));`);
    this.addSql(`alter table "messages" add constraint "messages_thread_id_author_id_client_message_id_unique" unique ("thread_id", "author_id", "client_message_id");`);
    this.addSql(`alter table "messages" add constraint "messages_thread_id_seq_unique" unique ("thread_id", "seq");`);

    this.addSql(`create table "user_presence" ("user_id" uuid not null, "seen_at" timestamptz not null, constraint "user_presence_pkey" primary key ("user_id"));`);

    this.addSql(`alter table "threads" add constraint "threads_shipment_id_foreign" foreign key ("shipment_id") references "shipments" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "threads" add constraint "threads_order_id_foreign" foreign key ("order_id") references "orders" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "threads" add constraint "threads_buyer_id_foreign" foreign key ("buyer_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "threads" add constraint "threads_last_agent_id_foreign" foreign key ("last_agent_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "thread_reads" add constraint "thread_reads_thread_id_foreign" foreign key ("thread_id") references "threads" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "thread_reads" add constraint "thread_reads_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "messages" add constraint "messages_thread_id_foreign" foreign key ("thread_id") references "threads" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "messages" add constraint "messages_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter type "notification_kind" add value if not exists 'CHAT_MESSAGE' after 'SHIPMENT_EXCEPTION';`);

    this.addSql(`alter table "notifications" add column "thread_id" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "thread_reads" drop constraint "thread_reads_thread_id_foreign";`);

    this.addSql(`alter table "messages" drop constraint "messages_thread_id_foreign";`);

    this.addSql(`drop table if exists "threads" cascade;`);

    this.addSql(`drop table if exists "thread_reads" cascade;`);

    this.addSql(`drop table if exists "messages" cascade;`);

    this.addSql(`drop table if exists "user_presence" cascade;`);

    this.addSql(`alter table "notifications" drop column "thread_id";`);

    this.addSql(`drop type "thread_kind";`);
    this.addSql(`drop type "message_kind";`);
    this.addSql(`drop type "chat_system_event";`);
  }

}
