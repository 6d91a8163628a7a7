import { Migration } from '@mikro-orm/migrations';

export class Migration20261207203303_trust_photo_facts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "evidence" add column "phash" bigint null, add column "phash_b0" smallint null, add column "phash_b1" smallint null, add column "phash_b2" smallint null, add column "phash_b3" smallint null, add column "captured_at" timestamptz null;`);
    this.addSql(`create index "evidence_phash_b3_index" on "evidence" ("phash_b3") include ("phash", "id") where "phash" is not null;`);
    this.addSql(`create index "evidence_phash_b2_index" on "evidence" ("phash_b2") include ("phash", "id") where "phash" is not null;`);
    this.addSql(`create index "evidence_phash_b1_index" on "evidence" ("phash_b1") include ("phash", "id") where "phash" is not null;`);
    this.addSql(`create index "evidence_phash_b0_index" on "evidence" ("phash_b0") include ("phash", "id") where "phash" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "evidence_phash_b3_index";`);
    this.addSql(`drop index "evidence_phash_b2_index";`);
    this.addSql(`drop index "evidence_phash_b1_index";`);
    this.addSql(`drop index "evidence_phash_b0_index";`);
    this.addSql(`alter table "evidence" drop column "phash", drop column "phash_b0", drop column "phash_b1", drop column "phash_b2", drop column "phash_b3", drop column "captured_at";`);
  }

}
