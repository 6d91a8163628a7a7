import { Migration } from '@mikro-orm/migrations';

export class Migration20261127034010 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "notification_kind" as enum ('SHIPMENT_DISPATCHED', 'SHIPMENT_OUT_FOR_DELIVERY', 'SHIPMENT_DELIVERED', 'SHIPMENT_EXCEPTION');`);
    this.addSql(`create type "delivery_channel" as enum ('IN_APP', 'SMS');`);
    this.addSql(`create type "outbox_status" as enum ('PENDING', 'SENT', 'FAILED');`);
    this.addSql(`create type "shipment_status" as enum ('CREATED', 'DISPATCHED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION');`);
    this.addSql(`create type "dispatch_channel" as enum ('PHONE', 'APP');`);
    this.addSql(`create table "notifications" ("id" uuid not null, "recipient_id" uuid not null, "kind" "notification_kind" not null, "shipment_id" uuid null, "waybill_no" varchar(32) null, "detail" varchar(500) null, "created_at" timestamptz not null, "read_at" timestamptz null, constraint "notifications_pkey" primary key ("id"));`);
    this.addSql(`create index "notifications_recipient_id_created_at_index" on "notifications" ("recipient_id", "created_at");`);

    this.addSql(`create table "outbox_messages" ("id" uuid not null, "notification_id" uuid not null, "channel" "delivery_channel" not null, "status" "outbox_status" not null default 'PENDING', "attempts" smallint not null default 0, "next_attempt_at" timestamptz not null, "last_error" varchar(500) null, "sent_at" timestamptz null, "created_at" timestamptz not null, constraint "outbox_messages_pkey" primary key ("id"));`);
    this.addSql(`create index "outbox_messages_status_next_attempt_at_index" on "outbox_messages" ("status", "next_attempt_at");`);

    this.addSql(`create table "merchants" ("id" uuid not null, "name" varchar(60) not null, "owner_id" uuid not null, constraint "merchants_pkey" primary key ("id"));`);
    this.addSql(`alter table "merchants" add constraint "merchants_owner_id_unique" unique ("owner_id");`);

    this.addSql(`create table "orders" ("id" uuid not null, "order_no" varchar(32) not null, "buyer_id" uuid not null, "merchant_id" uuid not null, "shipping_address" varchar(200) not null, "created_at" timestamptz not null, constraint "orders_pkey" primary key ("id"));`);
    this.addSql(`alter table "orders" add constraint "orders_order_no_unique" unique ("order_no");`);
    this.addSql(`create index "orders_buyer_id_created_at_index" on "orders" ("buyer_id", "created_at");`);
    this.addSql(`create index "orders_merchant_id_created_at_index" on "orders" ("merchant_id", "created_at");`);

    this.addSql(`create table "order_lines" ("id" uuid not null, "order_id" uuid not null, "position" smallint not null, "title" varchar(120) not null, "sku" varchar(40) not null, "unit_price_cents" int not null, "quantity" int not null, "unit_weight_grams" int not null, constraint "order_lines_pkey" primary key ("id"));`);

    this.addSql(`create table "shipments" ("id" uuid not null, "order_id" uuid not null, "waybill_no" varchar(32) not null, "carrier" varchar(40) not null, "status" "shipment_status" not null, "courier_id" uuid null, "current_dispatch_id" uuid null, "declared_weight_grams" int not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "delivered_at" timestamptz null, constraint "shipments_pkey" primary key ("id"));`);
    this.addSql(`alter table "shipments" add constraint "shipments_waybill_no_unique" unique ("waybill_no");`);
    this.addSql(`create index "shipments_courier_id_status_index" on "shipments" ("courier_id", "status");`);

    this.addSql(`create table "tracking_events" ("id" uuid not null, "shipment_id" uuid not null, "status" "shipment_status" not null, "location" varchar(100) null, "note" varchar(500) null, "measured_weight_grams" int null, "occurred_at" timestamptz not null, "recorded_by_id" uuid not null, "created_at" timestamptz not null, constraint "tracking_events_pkey" primary key ("id"));`);
    this.addSql(`create index "tracking_events_shipment_id_occurred_at_index" on "tracking_events" ("shipment_id", "occurred_at");`);

    this.addSql(`create table "shipment_items" ("id" uuid not null, "shipment_id" uuid not null, "line_id" uuid not null, "quantity" int not null, constraint "shipment_items_pkey" primary key ("id"));`);

    this.addSql(`create table "dispatches" ("id" uuid not null, "shipment_id" uuid not null, "courier_id" uuid not null, "channel" "dispatch_channel" not null, "pickup_at" timestamptz not null, "pickup_address" varchar(200) not null, "note" varchar(500) null, "dispatched_by_id" uuid not null, "created_at" timestamptz not null, constraint "dispatches_pkey" primary key ("id"));`);

    this.addSql(`create table "contact_reveals" ("id" uuid not null, "shipment_id" uuid not null, "viewer_id" uuid not null, "courier_id" uuid not null, "revealed_at" timestamptz not null, constraint "contact_reveals_pkey" primary key ("id"));`);

    this.addSql(`alter table "notifications" add constraint "notifications_recipient_id_foreign" foreign key ("recipient_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "outbox_messages" add constraint "outbox_messages_notification_id_foreign" foreign key ("notification_id") references "notifications" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "merchants" add constraint "merchants_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade;`);

    this.addSql(`alter table "orders" add constraint "orders_buyer_id_foreign" foreign key ("buyer_id") references "users" ("id") on update cascade;`);
    this.addSql(`alter table "orders" add constraint "orders_merchant_id_foreign" foreign key ("merchant_id") references "merchants" ("id") on update cascade;`);

    this.addSql(`alter table "order_lines" add constraint "order_lines_order_id_foreign" foreign key ("order_id") references "orders" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "shipments" add constraint "shipments_order_id_foreign" foreign key ("order_id") references "orders" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "shipments" add constraint "shipments_courier_id_foreign" foreign key ("courier_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "shipments" add constraint "shipments_current_dispatch_id_foreign" foreign key ("current_dispatch_id") references "dispatches" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "tracking_events" add constraint "tracking_events_shipment_id_foreign" foreign key ("shipment_id") references "shipments" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "tracking_events" add constraint "tracking_events_recorded_by_id_foreign" foreign key ("recorded_by_id") references "users" ("id") on update cascade;`);

    this.addSql(`alter table "shipment_items" add constraint "shipment_items_shipment_id_foreign" foreign key ("shipment_id") references "shipments" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "shipment_items" add constraint "shipment_items_line_id_foreign" foreign key ("line_id") references "order_lines" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "dispatches" add constraint "dispatches_shipment_id_foreign" foreign key ("shipment_id") references "shipments" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "dispatches" add constraint "dispatches_courier_id_foreign" foreign key ("courier_id") references "users" ("id") on update cascade;`);
    this.addSql(`alter table "dispatches" add constraint "dispatches_dispatched_by_id_foreign" foreign key ("dispatched_by_id") references "users" ("id") on update cascade;`);

    this.addSql(`alter table "contact_reveals" add constraint "contact_reveals_shipment_id_foreign" foreign key ("shipment_id") references "shipments" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "contact_reveals" add constraint "contact_reveals_viewer_id_foreign" foreign key ("viewer_id") references "users" ("id") on update cascade;`);
    this.addSql(`alter table "contact_reveals" add constraint "contact_reveals_courier_id_foreign" foreign key ("courier_id") references "users" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "outbox_messages" drop constraint "outbox_messages_notification_id_foreign";`);

    this.addSql(`alter table "orders" drop constraint "orders_merchant_id_foreign";`);

    this.addSql(`alter table "order_lines" drop constraint "order_lines_order_id_foreign";`);

    this.addSql(`alter table "shipments" drop constraint "shipments_order_id_foreign";`);

    this.addSql(`alter table "shipment_items" drop constraint "shipment_items_line_id_foreign";`);

    this.addSql(`alter table "tracking_events" drop constraint "tracking_events_shipment_id_foreign";`);

    this.addSql(`alter table "shipment_items" drop constraint "shipment_items_shipment_id_foreign";`);

    this.addSql(`alter table "dispatches" drop constraint "dispatches_shipment_id_foreign";`);

    this.addSql(`alter table "contact_reveals" drop constraint "contact_reveals_shipment_id_foreign";`);

    this.addSql(`alter table "shipments" drop constraint "shipments_current_dispatch_id_foreign";`);

    this.addSql(`drop table if exists "notifications" cascade;`);

    this.addSql(`drop table if exists "outbox_messages" cascade;`);

    this.addSql(`drop table if exists "merchants" cascade;`);

    this.addSql(`drop table if exists "orders" cascade;`);

    this.addSql(`drop table if exists "order_lines" cascade;`);

    this.addSql(`drop table if exists "shipments" cascade;`);

    this.addSql(`drop table if exists "tracking_events" cascade;`);

    this.addSql(`drop table if exists "shipment_items" cascade;`);

    this.addSql(`drop table if exists "dispatches" cascade;`);

    this.addSql(`drop table if exists "contact_reveals" cascade;`);

    this.addSql(`drop type "notification_kind";`);
    this.addSql(`drop type "delivery_channel";`);
    this.addSql(`drop type "outbox_status";`);
    this.addSql(`drop type "shipment_status";`);
    this.addSql(`drop type "dispatch_channel";`);
  }

}
