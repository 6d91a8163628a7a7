import { Migration } from '@mikro-orm/migrations';

export class Migration20261207212525_trust_pickup_alerts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "pickup_alerts" ("id" uuid not null, "shipment_id" uuid not null, "merchant_id" uuid not null, "expected_grams" int not null, "weighed_grams" int not null, "tolerance_grams" int not null, "created_at" timestamptz not null, "supplement_id" uuid null, "acted_at" timestamptz null, "acted_by_id" uuid null, constraint "pickup_alerts_pkey" primary key ("id"));`);
    this.addSql(`alter table "pickup_alerts" add constraint "pickup_alerts_shipment_id_unique" unique ("shipment_id");`);
    this.addSql(`create index "pickup_alerts_merchant_id_index" on "pickup_alerts" ("merchant_id");`);

    this.addSql(`alter table "pickup_alerts" add constraint "pickup_alerts_shipment_id_foreign" foreign key ("shipment_id") references "shipments" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "pickup_alerts" add constraint "pickup_alerts_merchant_id_foreign" foreign key ("merchant_id") references "merchants" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "pickup_alerts" add constraint "pickup_alerts_supplement_id_foreign" foreign key ("supplement_id") references "shipments" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "pickup_alerts" add constraint "pickup_alerts_acted_by_id_foreign" foreign key ("acted_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter type "notification_kind" add value if not exists 'PICKUP_WEIGHT_SHORT' after 'COMPLAINT_DECIDED';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "pickup_alerts" cascade;`);
  }

}
