import { Migration } from '@mikro-orm/migrations';

export class Migration20261207220000_evidence_stored_sha256 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "evidence" add column "stored_sha256" varchar(64) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "evidence" drop column "stored_sha256";`);
  }

}
