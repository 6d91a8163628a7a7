import { Migration } from '@mikro-orm/migrations';

export class Migration20261207203000_shared_limits extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "upload_reservation" ("id" uuid not null, "user_id" uuid not null, "photos" int not null, "expires_at" timestamptz not null, constraint "upload_reservation_pkey" primary key ("id"));`);
    this.addSql(`create index "upload_reservation_user_id_expires_at_index" on "upload_reservation" ("user_id", "expires_at");`);
    this.addSql(`create table "rate_counter" ("key" varchar(200) not null, "points" int not null, "expires_at" timestamptz not null, constraint "rate_counter_pkey" primary key ("key"));`);
    this.addSql(`create index "rate_counter_expires_at_index" on "rate_counter" ("expires_at");`);
    this.addSql(`create table "live_socket" ("id" uuid not null, "user_id" uuid not null, "seen_at" timestamptz not null, constraint "live_socket_pkey" primary key ("id"));`);
    this.addSql(`create index "live_socket_user_id_seen_at_index" on "live_socket" ("user_id", "seen_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "upload_reservation" cascade;`);
    this.addSql(`drop table if exists "rate_counter" cascade;`);
    this.addSql(`drop table if exists "live_socket" cascade;`);
  }

}
