import { Migration } from '@mikro-orm/migrations';

export class Migration20261127144315_ReadPathIndexes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "order_lines_order_id_position_index" on "order_lines" ("order_id", "position");`);

    this.addSql(`create index "shipments_order_id_index" on "shipments" ("order_id");`);

    this.addSql(`create index "shipment_items_line_id_index" on "shipment_items" ("line_id");`);
    this.addSql(`create index "shipment_items_shipment_id_index" on "shipment_items" ("shipment_id");`);

    this.addSql(`create index "dispatches_shipment_id_created_at_index" on "dispatches" ("shipment_id", "created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "dispatches_shipment_id_created_at_index";`);

    this.addSql(`drop index "order_lines_order_id_position_index";`);

    this.addSql(`drop index "shipment_items_line_id_index";`);
    this.addSql(`drop index "shipment_items_shipment_id_index";`);

    this.addSql(`drop index "shipments_order_id_index";`);
  }

}
