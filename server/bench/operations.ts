import { createHash } from 'node:crypto';
import type { BenchViewer } from './dataset.js';

/**
 * The operations the bench measures: one row each. `document` names a web operation (its exact
 * text comes from web/src, see web-documents.ts); the baseline answers its root field in
 * baseline/baseline-resolvers.ts, on the data of dataset.ts.
 */
export interface BenchOperation {
  name: string;
  document: string;
  viewer: BenchViewer;
  variables: Record<string, unknown>;
}

/** The uuid the data set gives a label and number (md5, as in dataset.ts). */
export function datasetId(label: string, n: string | number): string {
  const hex = createHash('md5').update(`${label}${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const OPERATIONS: BenchOperation[] = [
  { name: 'myOrders', document: 'MyOrders', viewer: 'buyer', variables: { first: 20, after: null } },
  { name: 'merchantOrders', document: 'MerchantOrders', viewer: 'merchant', variables: { filter: { search: null, status: null }, first: 20, after: null } },
  // The buyer's delivered parcel of order 1000 (buyer 1), with its full timeline.
  { name: 'shipment (parcel page)', document: 'ShipmentDetail', viewer: 'buyer', variables: { id: datasetId('parcel', '1000-0') } },
  { name: 'myDeliveries', document: 'MyDeliveries', viewer: 'courier', variables: { active: true, first: 20, after: null } },
  { name: 'myNotifications', document: 'MyNotifications', viewer: 'buyer', variables: { first: 20, after: null } },
  // Chat: the buyer's thread list, and the latest page of the courier thread of the parcel above.
  { name: 'myThreads', document: 'MyThreads', viewer: 'buyer', variables: { first: 20, after: null } },
  // Complaints: the agents' queue as the desk opens it.
  { name: 'complaintQueue', document: 'ComplaintQueue', viewer: 'agent', variables: { filter: { assigned: 'ANY', overdue: null, channel: null }, first: 20, after: null } },
  { name: 'messages', document: 'ChatMessages', viewer: 'buyer', variables: { threadId: datasetId('thread', datasetId('parcel', '1000-0')), first: 30 } },
  // The agents' workbench on case 160 (dataset.ts): IN_REVIEW and assigned, both required photos
  // (one a duplicate of another buyer's), notes and a timeline, its line in a delivered parcel
  // weighed at pickup (a weight check). `--only=workbench` selects it alone.
  { name: 'complaint (workbench)', document: 'Workbench', viewer: 'agent', variables: { id: datasetId('complaint', 160) } },
  // The customer's context beside that case (issue 17): the buyer's latest orders with parcels,
  // pickup weights and scans, previous cases, counts, and the transcripts. The desk loads it with
  // the workbench; the report adds the pair as one page ("workbench + context").
  { name: 'customerContext (workbench)', document: 'CaseContext', viewer: 'agent', variables: { complaintId: datasetId('complaint', 160), threadId: null } },
];
