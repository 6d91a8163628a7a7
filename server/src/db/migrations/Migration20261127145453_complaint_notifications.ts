import { Migration } from '@mikro-orm/migrations';

export class Migration20261127145453_complaint_notifications extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter type "notification_kind" add value if not exists 'COMPLAINT_EVIDENCE_REQUESTED' after 'SHIPMENT_EXCEPTION';`);

    this.addSql(`alter type "notification_kind" add value if not exists 'COMPLAINT_DECIDED' after 'COMPLAINT_EVIDENCE_REQUESTED';`);

    this.addSql(`alter table "notifications" add column "complaint_id" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "notifications" drop column "complaint_id";`);
  }

}
