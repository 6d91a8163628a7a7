import { Migration } from '@mikro-orm/migrations';

export class Migration20261127033203 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "user_role" as enum ('BUYER', 'COURIER', 'MERCHANT', 'AGENT');`);
    this.addSql(`create table "users" ("id" uuid not null, "role" "user_role" not null, "phone" varchar(20) not null, "display_name" varchar(40) not null, "password_hash" varchar(200) not null, "locale" varchar(10) not null, "created_at" timestamptz not null, constraint "users_pkey" primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_phone_unique" unique ("phone");`);

    this.addSql(`create table "sessions" ("id" uuid not null, "token_hash" varchar(64) not null, "user_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, constraint "sessions_pkey" primary key ("id"));`);
    this.addSql(`alter table "sessions" add constraint "sessions_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sessions" drop constraint "sessions_user_id_foreign";`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "sessions" cascade;`);

    this.addSql(`drop type "user_role";`);
  }

}
