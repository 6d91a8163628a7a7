import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127033203 } from './Migration20261127033203.js';
import { Migration20261127034010 } from './Migration20261127034010.js';
import { Migration20261127144007_chat } from './Migration20261127144007_chat.js';
import { Migration20261127144105_edges } from './Migration20261127144105_edges.js';
import { Migration20261127144112_ScreensReceiptAudience } from './Migration20261127144112_ScreensReceiptAudience.js';
import { Migration20261127144303_complaints } from './Migration20261127144303_complaints.js';
import { Migration20261127144315_ReadPathIndexes } from './Migration20261127144315_ReadPathIndexes.js';
import { Migration20261127145453_complaint_notifications } from './Migration20261127145453_complaint_notifications.js';
import { Migration20261127173113_cschannel } from './Migration20261127173113_cschannel.js';
import { Migration20261127173340_reviews } from './Migration20261127173340_reviews.js';
import { Migration20261127203229_evidence_complaint } from './Migration20261127203229_evidence_complaint.js';
import { Migration20261207203000_shared_limits } from './Migration20261207203000_shared_limits.js';
import { Migration20261207203303_trust_photo_facts } from './Migration20261207203303_trust_photo_facts.js';
import { Migration20261207203500_workspace } from './Migration20261207203500_workspace.js';
import { Migration20261207210000_unread_reach } from './Migration20261207210000_unread_reach.js';
import { Migration20261207210559_trust_auto_decisions } from './Migration20261207210559_trust_auto_decisions.js';
import { Migration20261207212525_trust_pickup_alerts } from './Migration20261207212525_trust_pickup_alerts.js';
import { Migration20261207220000_evidence_stored_sha256 } from './Migration20261207220000_evidence_stored_sha256.js';
import { Migration20261207204500_after_sales } from './Migration20261207204500_after_sales.js';
import { Migration20261208000000_support_conversations } from './Migration20261208000000_support_conversations.js';

// Listed explicitly (not globbed): ESM-safe, and a build cannot silently miss one.
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261127033203_accounts', class: Migration20261127033203 },
  { name: 'Migration20261127034010_shipments', class: Migration20261127034010 },
  { name: 'Migration20261127144007_chat', class: Migration20261127144007_chat },
  { name: 'Migration20261127144105_edges', class: Migration20261127144105_edges },
  { name: 'Migration20261127144112_ScreensReceiptAudience', class: Migration20261127144112_ScreensReceiptAudience },
  { name: 'Migration20261127144303_complaints', class: Migration20261127144303_complaints },
  { name: 'Migration20261127144315_ReadPathIndexes', class: Migration20261127144315_ReadPathIndexes },
  { name: 'Migration20261127145453_complaint_notifications', class: Migration20261127145453_complaint_notifications },
  { name: 'Migration20261127173113_cschannel', class: Migration20261127173113_cschannel },
  { name: 'Migration20261127173340_reviews', class: Migration20261127173340_reviews },
  { name: 'Migration20261127203229_evidence_complaint', class: Migration20261127203229_evidence_complaint },
  { name: 'Migration20261207203000_shared_limits', class: Migration20261207203000_shared_limits },
  { name: 'Migration20261207203303_trust_photo_facts', class: Migration20261207203303_trust_photo_facts },
  { name: 'Migration20261207203500_workspace', class: Migration20261207203500_workspace },
  { name: 'Migration20261207210000_unread_reach', class: Migration20261207210000_unread_reach },
  { name: 'Migration20261207210559_trust_auto_decisions', class: Migration20261207210559_trust_auto_decisions },
  { name: 'Migration20261207220000_evidence_stored_sha256', class: Migration20261207220000_evidence_stored_sha256 },
  { name: 'Migration20261207212525_trust_pickup_alerts', class: Migration20261207212525_trust_pickup_alerts },
  { name: 'Migration20261207204500_after_sales', class: Migration20261207204500_after_sales },
  { name: 'Migration20261208000000_support_conversations', class: Migration20261208000000_support_conversations },
];
