import { Migration } from '@mikro-orm/migrations';

export class Migration20261127173340_reviews extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "reviews" ("id" uuid not null, "order_id" uuid not null, "buyer_id" uuid not null, "merchant_id" uuid not null, "rating" smallint not null, "body" text not null, "arrived_short" boolean not null, "complaint_id" uuid null, "reply_body" text null, "replied_at" timestamptz null, "reply_author_id" uuid null, "created_at" timestamptz not null, "version" int not null default 1, constraint "reviews_pkey" primary key ("id"));`);
    this.addSql(`create index "reviews_merchant_id_created_at_index" on "reviews" ("merchant_id", "created_at");`);
    this.addSql(`alter table "reviews" add constraint "reviews_order_id_unique" unique ("order_id");`);

    this.addSql(`create table "review_photos" ("id" uuid not null, "review_id" uuid not null, "evidence_id" uuid not null, "position" smallint not null, constraint "review_photos_pkey" primary key ("id"));`);
    this.addSql(`alter table "review_photos" add constraint "review_photos_evidence_id_unique" unique ("evidence_id");`);

    this.addSql(`alter table "reviews" add constraint "reviews_order_id_foreign" foreign key ("order_id") references "orders" ("id") on update cascade;`);
    this.addSql(`alter table "reviews" add constraint "reviews_buyer_id_foreign" foreign key ("buyer_id") references "users" ("id") on update cascade;`);
    this.addSql(`alter table "reviews" add constraint "reviews_merchant_id_foreign" foreign key ("merchant_id") references "merchants" ("id") on update cascade;`);
    this.addSql(`alter table "reviews" add constraint "reviews_complaint_id_foreign" foreign key ("complaint_id") references "complaints" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "reviews" add constraint "reviews_reply_author_id_foreign" foreign key ("reply_author_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "review_photos" add constraint "review_photos_review_id_foreign" foreign key ("review_id") references "reviews" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "review_photos" add constraint "review_photos_evidence_id_foreign" foreign key ("evidence_id") references "evidence" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "review_photos" drop constraint "review_photos_review_id_foreign";`);

    this.addSql(`drop table if exists "reviews" cascade;`);

    this.addSql(`drop table if exists "review_photos" cascade;`);
  }

}
