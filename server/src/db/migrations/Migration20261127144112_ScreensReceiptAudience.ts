import { Migration } from '@mikro-orm/migrations';

export class Migration20261127144112_ScreensReceiptAudience extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "delivery_receipt" as enum ('RECIPIENT', 'PROXY', 'LOCKER');`);
    this.addSql(`alter type "notification_kind" add value if not exists 'COURIER_DISPATCHED' after 'SHIPMENT_EXCEPTION';`);

    this.addSql(`alter type "notification_kind" add value if not exists 'COURIER_WITHDRAWN' after 'COURIER_DISPATCHED';`);

    this.addSql(`alter table "shipments" add column "status_before_exception" "shipment_status" null;`);

    this.addSql(`alter table "tracking_events" add column "received_by" "delivery_receipt" null, add column "pickup_code" varchar(20) null;`);

    // Dispatch notes were copied onto the public DISPATCHED step, where buyers read them: they
    // stay on the dispatch (for its courier and the store) and leave the timeline.
    this.addSql(`update "tracking_events" set "note" = null where "status" = 'DISPATCHED';`);
    // Where each parcel now in EXCEPTION had got to, from its timeline.
    this.addSql(`update "shipments" s set "status_before_exception" = (
      select e."status" from "tracking_events" e
       where e."shipment_id" = s."id" and e."status" <> 'EXCEPTION'
       order by e."occurred_at" desc, e."created_at" desc limit 1)
     where s."status" = 'EXCEPTION';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "shipments" drop column "status_before_exception";`);

    this.addSql(`alter table "tracking_events" drop column "received_by", drop column "pickup_code";`);

    this.addSql(`drop type "delivery_receipt";`);
  }

}
