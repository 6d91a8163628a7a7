import { Migration } from '@mikro-orm/migrations';

export class Migration20261127173113_cschannel extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter type "chat_system_event" add value if not exists 'COMPLAINT_OPENED' after 'DELIVERED';`);

    this.addSql(`alter type "chat_system_event" add value if not exists 'COMPLAINT_JOINED' after 'COMPLAINT_OPENED';`);

    this.addSql(`alter table "messages" add column "photo_id" uuid null;`);
    this.addSql(`alter table "messages" add constraint "messages_photo_id_unique" unique ("photo_id");`);

    this.addSql(`alter table "complaints" add column "overdue_announced_for" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "complaints" drop column "overdue_announced_for";`);

    this.addSql(`alter table "messages" drop constraint "messages_photo_id_unique";`);
    this.addSql(`alter table "messages" drop column "photo_id";`);
  }

}
