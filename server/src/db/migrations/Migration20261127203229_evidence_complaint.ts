import { Migration } from '@mikro-orm/migrations';

export class Migration20261127203229_evidence_complaint extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "evidence_complaint_id_created_at_index" on "evidence" ("complaint_id", "created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "evidence_complaint_id_created_at_index";`);
  }

}
