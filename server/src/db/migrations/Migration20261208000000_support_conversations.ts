import { Migration } from '@mikro-orm/migrations';

/** Issue 17.8: support conversations are closed, reopened, assigned and acknowledged. */
export class Migration20261208000000_support_conversations extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter type "chat_system_event" add value if not exists 'SUPPORT_CLOSED' after 'COMPLAINT_JOINED';`);
    this.addSql(`alter type "chat_system_event" add value if not exists 'SUPPORT_ACKNOWLEDGED' after 'SUPPORT_CLOSED';`);

    this.addSql(`alter table "threads" add column "assignee_id" uuid null;`);
    this.addSql(`alter table "threads" add constraint "threads_assignee_id_foreign" foreign key ("assignee_id") references "users" ("id") on update cascade on delete set null;`);

    // The expected wait reads the latest acknowledgements: system messages only (few), by time.
    this.addSql(`create index "messages_system_event_created_at" on "messages" ("system_event", "created_at") where "system_event" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "messages_system_event_created_at";`);
    this.addSql(`alter table "threads" drop constraint "threads_assignee_id_foreign";`);
    this.addSql(`alter table "threads" drop column "assignee_id";`);
  }

}
