import { Migration } from '@mikro-orm/migrations';

/** Issue 20, courier evidence: DOOR and LOCKER photos, and the parcel a courier photo belongs to. */
export class Migration20261207235000_trust_courier_photos extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter type "evidence_kind" add value if not exists 'DOOR';`);
    this.addSql(`alter type "evidence_kind" add value if not exists 'LOCKER';`);
    this.addSql(`alter table "evidence" add column "shipment_id" uuid null, add column "locker_code" varchar(20) null;`);
    this.addSql(`alter table "evidence" add constraint "evidence_shipment_id_foreign" foreign key ("shipment_id") references "shipments" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "evidence_shipment_index" on "evidence" ("shipment_id", "created_at") where "shipment_id" is not null;`);
    this.addSql(`create unique index "evidence_courier_moment_unique" on "evidence" ("shipment_id", ("kind" = 'SCALE')) where "shipment_id" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "evidence_courier_moment_unique";`);
    this.addSql(`drop index "evidence_shipment_index";`);
    this.addSql(`alter table "evidence" drop constraint "evidence_shipment_id_foreign";`);
    this.addSql(`alter table "evidence" drop column "shipment_id", drop column "locker_code";`);
  }
}
