import { Migration } from '@mikro-orm/migrations';

/** Issue 17: a buyer's support conversations newest first, read by the desk's search from an index. */
export class Migration20261208001500_search_support_threads extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "threads_support_buyer_created_at" on "threads" ("buyer_id", "created_at") where "kind" = 'SUPPORT';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "threads_support_buyer_created_at";`);
  }

}
