import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127033203 } from './Migration20261127033203.js';

// Listed explicitly (not globbed): ESM-safe, and a build cannot silently miss one.
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261127033203_accounts', class: Migration20261127033203 },
];
