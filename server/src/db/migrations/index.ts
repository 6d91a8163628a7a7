import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127033203 } from './Migration20261127033203.js';
import { Migration20261127034010 } from './Migration20261127034010.js';
import { Migration20261127144105_edges } from './Migration20261127144105_edges.js';
import { Migration20261127144315_ReadPathIndexes } from './Migration20261127144315_ReadPathIndexes.js';

// Listed explicitly (not globbed): ESM-safe, and a build cannot silently miss one.
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261127033203_accounts', class: Migration20261127033203 },
  { name: 'Migration20261127034010_shipments', class: Migration20261127034010 },
  { name: 'Migration20261127144105_edges', class: Migration20261127144105_edges },
  { name: 'Migration20261127144315_ReadPathIndexes', class: Migration20261127144315_ReadPathIndexes },
];
