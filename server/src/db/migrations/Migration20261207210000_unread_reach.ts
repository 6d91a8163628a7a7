import { Migration } from '@mikro-orm/migrations';

export class Migration20261207210000_unread_reach extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter type "notification_kind" add value if not exists 'REVIEW_REPLIED' after 'COMPLAINT_DECIDED';`);

    this.addSql(`alter table "notifications" add column "order_id" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "notifications" drop column "order_id";`);
  }

}
