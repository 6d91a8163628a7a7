import { Migration } from '@mikro-orm/migrations';

/** Issue 20: the buyer hears that an automatic refund was taken back (notification kind). */
export class Migration20261207233500_trust_auto_reversed extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter type "notification_kind" add value if not exists 'COMPLAINT_AUTO_REVERSED';`);
  }

  override async down(): Promise<void> {
    // PostgreSQL cannot drop an enum value; the kind stays unused.
  }
}
