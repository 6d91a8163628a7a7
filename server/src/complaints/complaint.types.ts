import {
  ComplaintAction,
  ComplaintChannel,
  ComplaintStatus,
  complaintNoteSchema,
  DeskView,
  EvidenceKind,
  fileComplaintSchema,
  resolveComplaintSchema,
  ResolutionKind,
  WeightSource,
  WeightVerdict,
} from '@parceldesk/shared';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../common/pagination.js';
import { OrderLine } from '../shipments/order-line.entity.js';
import { Order } from '../shipments/order.entity.js';
import { Shipment } from '../shipments/shipment.entity.js';
import type { ShipmentRow } from '../shipments/shipment.reads.js';
import { Complaint } from './complaint.entity.js';
import { Evidence } from './evidence.entity.js';

registerEnumType(ComplaintAction, { name: 'ComplaintAction', description: 'What the viewer may do with the complaint now' });
registerEnumType(WeightVerdict, { name: 'WeightVerdict' });
registerEnumType(WeightSource, { name: 'WeightSource' });
registerEnumType(DeskView, { name: 'DeskView', description: 'The agents’ queue views, each with a live count' });

export const QueueAssignment = { MINE: 'MINE', UNASSIGNED: 'UNASSIGNED', ANY: 'ANY' } as const;
export type QueueAssignment = (typeof QueueAssignment)[keyof typeof QueueAssignment];
registerEnumType(QueueAssignment, { name: 'QueueAssignment' });

@ObjectType({ simpleResolvers: true })
export class ComplaintConnection extends ConnectionType(Complaint) {}

@InputType()
export class MissingItemInput {
  @Field(() => ID)
  orderLineId!: string;

  @Field(() => Int)
  quantityMissing!: number;
}

@InputType({ description: 'The complaint form; retried with the same idempotencyKey it files once' })
export class FileComplaintInput {
  static schema = fileComplaintSchema;

  @Field(() => ID)
  orderId!: string;

  @Field(() => ComplaintChannel, { nullable: true, description: 'Buyers file PLATFORM; ignored otherwise' })
  channel?: ComplaintChannel | null;

  @Field(() => [MissingItemInput])
  missingItems!: MissingItemInput[];

  @Field()
  description!: string;

  @Field(() => [ID], { description: 'Photos from POST /uploads/evidence: 1 to 9' })
  evidenceIds!: string[];

  @Field({ description: 'Made once per form by the client; a retry sends the same one' })
  idempotencyKey!: string;

  @Field(() => ID, { nullable: true, description: 'An agent filing from a support thread (CUSTOMER_SERVICE)' })
  threadId?: string | null;
}

@ObjectType({ simpleResolvers: true })
export class FileComplaintPayload {
  @Field(() => Complaint)
  complaint!: Complaint;

  @Field({ description: 'The order already had an open case: this filing joined it' })
  joinedExisting!: boolean;
}

@InputType()
export class ComplaintQueueFilter {
  @Field(() => [ComplaintStatus], { nullable: true, description: 'Default: the open states' })
  status?: ComplaintStatus[] | null;

  @Field(() => QueueAssignment, { nullable: true })
  assigned?: QueueAssignment | null;

  @Field(() => Boolean, { nullable: true, description: 'Only cases past their SLA due time' })
  overdue?: boolean | null;

  @Field(() => ComplaintChannel, { nullable: true })
  channel?: ComplaintChannel | null;

  @Field(() => DeskView, { nullable: true, description: 'A queue view (issue 17); ALL includes decided and closed cases' })
  view?: DeskView | null;
}

@InputType()
export class ComplaintNoteInput {
  static schema = complaintNoteSchema;

  @Field()
  body!: string;
}

@InputType()
export class ResolveComplaintInput {
  static schema = resolveComplaintSchema;

  @Field(() => ResolutionKind)
  kind!: ResolutionKind;

  @Field(() => Int, { nullable: true, description: 'REFUND: at most what was paid and not yet refunded' })
  refundCents?: number | null;

  @Field(() => String, { nullable: true, description: 'Required for REJECT' })
  reason?: string | null;

  @Field(() => Int, { nullable: true, description: 'The version the agent saw; a newer one answers CONFLICT' })
  expectedVersion?: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'How many of a line are said to be missing' })
export class ComplaintLine {
  @Field(() => OrderLine)
  line!: OrderLine;

  @Field(() => Int)
  quantityMissing!: number;
}

@ObjectType({ simpleResolvers: true })
export class EvidenceChecklist {
  @Field()
  complete!: boolean;

  @Field(() => [EvidenceKind])
  present!: EvidenceKind[];

  @Field(() => [EvidenceKind], { description: 'Required kinds not yet attached (WAYBILL_LABEL, CONTENTS)' })
  missing!: EvidenceKind[];
}

@ObjectType({ simpleResolvers: true, description: 'What the parcels should have weighed against what they did, with the figures used' })
export class WeightCheckResult {
  @Field(() => Int, { description: 'Σ quantity × unit weight of what the parcels carrying the claimed lines should hold' })
  expectedGrams!: number;

  @Field(() => Int)
  observedGrams!: number;

  @Field(() => WeightSource)
  source!: WeightSource;

  @Field(() => Int)
  claimedGrams!: number;

  @Field(() => Int)
  missingGrams!: number;

  @Field(() => Int)
  impliedMissingUnits!: number;

  @Field(() => Int)
  toleranceGrams!: number;

  @Field(() => WeightVerdict)
  verdict!: WeightVerdict;

  @Field(() => [String], { description: 'Waybills weighed' })
  waybills!: string[];
}

@ObjectType({ simpleResolvers: true })
export class DuplicatePhoto {
  @Field(() => ID)
  evidenceId!: string;

  @Field()
  sha256!: string;

  @Field(() => ID)
  otherComplaintId!: string;

  @Field()
  otherCaseNo!: string;
}

@ObjectType({ simpleResolvers: true, description: 'A photo of the case that shows the same picture as a photo elsewhere (perceptual hash, docs/trust.md)' })
export class NearDuplicatePhoto {
  @Field(() => ID, { description: 'The case’s photo' })
  evidenceId!: string;

  @Field(() => ID, { description: 'The photo it matches' })
  matchId!: string;

  @Field(() => ID, { nullable: true, description: 'The case that photo belongs to; null for a chat or review photo' })
  otherComplaintId!: string | null;

  @Field(() => String, { nullable: true })
  otherCaseNo!: string | null;

  @Field({ description: 'That photo is the same buyer’s' })
  sameBuyer!: boolean;

  @Field({ description: 'The same bytes, not only the same picture' })
  exact!: boolean;

  @Field(() => Int, { description: 'Bits that differ between the two 64-bit hashes (at most the threshold)' })
  distance!: number;
}

@ObjectType({ simpleResolvers: true, description: 'A photo the camera took before the parcel was delivered' })
export class PreDeliveryPhoto {
  @Field(() => ID)
  evidenceId!: string;

  @Field({ description: 'EXIF DateTimeOriginal of the original (agents only)' })
  capturedAt!: Date;

  @Field({ description: 'When the parcel carrying the claimed lines was delivered' })
  deliveredAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'The store was warned at pickup that a parcel of the order weighed light, and what it did' })
export class StoreWarning {
  @Field()
  waybillNo!: string;

  @Field(() => Int)
  expectedGrams!: number;

  @Field(() => Int)
  weighedGrams!: number;

  @Field()
  warnedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the store sent the missing goods; null: it did nothing' })
  sentAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The supplementary parcel' })
  supplementWaybillNo!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'Computed on the server for agents' })
export class ComplaintSignals {
  @Field(() => EvidenceChecklist)
  evidenceChecklist!: EvidenceChecklist;

  @Field(() => WeightCheckResult, { nullable: true, description: 'Null when no delivered parcel carried the claimed lines' })
  weightCheck!: WeightCheckResult | null;

  @Field(() => [Shipment], { description: 'Parcels of the order still on the way that carry claimed lines' })
  parcelsOnTheWay!: (Shipment | ShipmentRow)[];

  @Field(() => [DuplicatePhoto], { description: 'Photos whose bytes were already used in another buyer’s complaint' })
  duplicatePhotos!: DuplicatePhoto[];

  @Field(() => [NearDuplicatePhoto], { description: 'Photos showing the same picture as a photo of another case or of another person (re-encoded, resized, cropped, screenshotted)' })
  nearDuplicates!: NearDuplicatePhoto[];

  @Field(() => [PreDeliveryPhoto], { description: 'Photos taken (EXIF capture time) before the parcel was delivered' })
  preDeliveryPhotos!: PreDeliveryPhoto[];

  @Field(() => [ID], { description: 'Photos that could not be hashed: accepted, not checked for reuse' })
  uncheckedPhotoIds!: string[];

  @Field(() => [StoreWarning], { description: 'Parcels of the order the store was warned about at pickup (weighed light), and what it did' })
  storeWarnings!: StoreWarning[];

  @Field(() => Int)
  suggestedRefundCents!: number;

  @Field(() => Int, { description: 'What was paid for the order minus refunds already granted' })
  refundableCents!: number;
}

@ObjectType({ simpleResolvers: true })
export class ComplaintResolution {
  @Field(() => ResolutionKind)
  kind!: ResolutionKind;

  @Field(() => Int, { nullable: true })
  refundCents!: number | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field()
  decidedAt!: Date;

  @Field(() => Shipment, { nullable: true, description: 'RESHIP: the new parcel (缺货补寄)' })
  reshipment!: Shipment | ShipmentRow | null;
}

@ObjectType({ simpleResolvers: true })
export class ClaimableLine {
  @Field(() => OrderLine)
  line!: OrderLine;

  @Field(() => Int, { description: 'In delivered parcels' })
  shippedQuantity!: number;

  @Field(() => Int, { description: 'Already claimed in other complaints' })
  claimedQuantity!: number;

  @Field(() => Int)
  claimableQuantity!: number;
}

@ObjectType({ simpleResolvers: true, description: 'What the filing form needs before the buyer files' })
export class ComplaintFilingOptions {
  @Field(() => Order)
  order!: Order;

  @Field(() => [ClaimableLine])
  lines!: ClaimableLine[];

  @Field(() => [Shipment], { description: 'Parcels still on the way: the items may yet arrive' })
  parcelsOnTheWay!: Shipment[];

  @Field(() => Complaint, { nullable: true, description: 'The open case a new filing would join' })
  openComplaint!: Complaint | null;
}

export const ComplaintQueueEventKind = {
  NEW: 'NEW',
  ASSIGNED: 'ASSIGNED',
  UPDATED: 'UPDATED',
  RESOLVED: 'RESOLVED',
  /** The case passed its SLA due time (once per due time). */
  OVERDUE: 'OVERDUE',
} as const;
export type ComplaintQueueEventKind = (typeof ComplaintQueueEventKind)[keyof typeof ComplaintQueueEventKind];
registerEnumType(ComplaintQueueEventKind, { name: 'ComplaintQueueEventKind', description: 'What happened to a case in the agents’ queue' });

@ObjectType({ description: 'What an agent picks from to open a case from a buyer’s support thread (客服反馈)' })
export class ThreadFilingOptions {
  @Field(() => ID)
  threadId!: string;

  @Field(() => [ComplaintFilingOptions], { description: 'The buyer’s latest orders with something claimable or an open case; the one asked about first' })
  orders!: ComplaintFilingOptions[];

  @Field(() => [Evidence], { description: 'Photos the buyer sent in the thread that no case holds yet' })
  photos!: Evidence[];
}

@ObjectType({ simpleResolvers: true, description: 'A queue change for agents' })
export class ComplaintQueueEvent {
  @Field(() => ComplaintQueueEventKind)
  kind!: ComplaintQueueEventKind;

  @Field(() => Complaint)
  complaint!: Complaint;
}
