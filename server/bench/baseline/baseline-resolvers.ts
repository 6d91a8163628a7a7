// Hand-written SQL per root field, the way one would answer these pages without a framework:
// one statement for the page (to-one relations joined in), one per to-many relation batched with
// `= any($1)`, nested plain objects out. Same rules as ParcelDesk for who sees what, same order,
// same cursors. A root field the bench gains goes in the file of its area, listed here.
import { complaintResolvers } from './baseline-complaints.js';
import { inboxResolvers } from './baseline-inbox.js';
import type { Resolver } from './baseline-page.js';
import { shipmentResolvers } from './baseline-shipments.js';

export type { BaselineContext } from './baseline-page.js';

/** Every root field the bench asks, by name: parcels, the inbox, cases. */
export const baselineResolvers: Record<string, Resolver> = { ...shipmentResolvers, ...inboxResolvers, ...complaintResolvers };
