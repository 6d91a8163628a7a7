import { Migration } from '@mikro-orm/migrations';

export class Migration20261127144105_edges extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "tracking_events" alter column "location" type varchar(200) using ("location"::varchar(200));`);

    this.addSql(`create index "contact_reveals_shipment_id_viewer_id_revealed_at_index" on "contact_reveals" ("shipment_id", "viewer_id", "revealed_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "contact_reveals_shipment_id_viewer_id_revealed_at_index";`);

    this.addSql(`alter table "tracking_events" alter column "location" type varchar(100) using ("location"::varchar(100));`);
  }

}
