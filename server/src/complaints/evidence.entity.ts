import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, ref, Unique, type Ref } from '@mikro-orm/core';
import { EvidenceKind } from '@parceldesk/shared';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { bandsOf, type PhotoFacts } from '../trust/phash.js';
import { Complaint } from './complaint.entity.js';

registerEnumType(EvidenceKind, { name: 'EvidenceKind', description: 'What a photo shows' });

/**
 * One uploaded photo, re-encoded (no EXIF or GPS) with a thumbnail. It belongs to its uploader
 * until attached to a complaint; one never attached is removed after a day.
 */
@ObjectType({ simpleResolvers: true, description: 'A photo of the evidence, re-encoded without metadata' })
@Entity({ tableName: 'evidence' })
@Index({ properties: ['uploader', 'createdAt'] })
@Index({ properties: ['sha256'] })
// A case's photos, in the order they were added (the workbench, the queue's checklist, signals).
@Index({ properties: ['complaint', 'createdAt'] })
// Near-duplicate lookup (trust/near-duplicates.ts): one index per 16-bit band of the perceptual
// hash, carrying the hash itself, so candidates are found and measured from the index alone.
@Index({ name: 'evidence_phash_b0_index', expression: `create index "evidence_phash_b0_index" on "evidence" ("phash_b0") include ("phash", "id") where "phash" is not null` })
@Index({ name: 'evidence_phash_b1_index', expression: `create index "evidence_phash_b1_index" on "evidence" ("phash_b1") include ("phash", "id") where "phash" is not null` })
@Index({ name: 'evidence_phash_b2_index', expression: `create index "evidence_phash_b2_index" on "evidence" ("phash_b2") include ("phash", "id") where "phash" is not null` })
@Index({ name: 'evidence_phash_b3_index', expression: `create index "evidence_phash_b3_index" on "evidence" ("phash_b3") include ("phash", "id") where "phash" is not null` })
// The sweep of photos never attached to a case (partial index; see the complaints migration).
// A parcel's courier photos (issue 20): only the few rows that have a parcel are in it.
// One photo per parcel and moment (pickup: SCALE; delivery: DOOR or LOCKER), whatever the races.
@Unique({ name: 'evidence_courier_moment_unique', expression: `create unique index "evidence_courier_moment_unique" on "evidence" ("shipment_id", ("kind" = 'SCALE')) where "shipment_id" is not null` })
@Index({ name: 'evidence_shipment_index', expression: `create index "evidence_shipment_index" on "evidence" ("shipment_id", "created_at") where "shipment_id" is not null` })
@Index({ name: 'evidence_unattached_index', expression: `create index "evidence_unattached_index" on "evidence" ("created_at") where "complaint_id" is null` })
export class Evidence {
  [OptionalProps]?: 'createdAt' | 'complaint' | 'attachedAt' | 'phash' | 'phashB0' | 'phashB1' | 'phashB2' | 'phashB3' | 'capturedAt' | 'shipment' | 'lockerCode';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  uploader: Ref<User>;

  @ManyToOne(() => Complaint, { ref: true, nullable: true, deleteRule: 'set null' })
  complaint: Ref<Complaint> | null = null;

  /**
   * Courier evidence (issue 20): the parcel a courier's SCALE, DOOR or LOCKER photo was attached to
   * (attachCourierPhoto). Whoever may see the parcel may see the photo.
   */
  @ManyToOne(() => Shipment, { ref: true, nullable: true, deleteRule: 'cascade' })
  shipment: Ref<Shipment> | null = null;

  /** A LOCKER photo's compartment pickup code (the delivery scan's, unless the courier gave one). */
  @Property({ type: 'string', length: 20, nullable: true })
  lockerCode: string | null = null;

  @Field(() => EvidenceKind)
  @Enum({ items: () => EvidenceKind, nativeEnumName: 'evidence_kind' })
  kind: EvidenceKind;

  @Field({ description: 'Of the re-encoded image served back' })
  @Property({ type: 'string', length: 40 })
  mimeType: string;

  @Field(() => Int, { description: 'Size of the re-encoded image' })
  @Property({ type: 'integer' })
  bytes: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  width: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  height: number;

  @Field({ description: 'SHA-256 of the original upload, hex' })
  @Property({ type: 'string', length: 64 })
  sha256: string;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the image as stored and served (re-encoded, metadata removed), hex; null for photos stored before it was recorded' })
  @Property({ type: 'string', length: 64, nullable: true })
  storedSha256: string | null = null;

  @Property({ type: 'string', length: 80 })
  blobKey: string;

  @Property({ type: 'string', length: 80 })
  thumbKey: string;

  @Field()
  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', nullable: true })
  attachedAt: Date | null = null;

  /**
   * The original's perceptual hash (trust/phash.ts), a signed 64-bit integer; null: the photo
   * could not be hashed and is "not checked" for reuse. Never published: agents see matches.
   */
  @Property({ type: 'bigint', nullable: true })
  phash: string | null = null;

  /** The hash's four 16-bit bands, indexed for the near-duplicate lookup. */
  @Property({ type: 'smallint', nullable: true })
  phashB0: number | null = null;

  @Property({ type: 'smallint', nullable: true })
  phashB1: number | null = null;

  @Property({ type: 'smallint', nullable: true })
  phashB2: number | null = null;

  @Property({ type: 'smallint', nullable: true })
  phashB3: number | null = null;

  /** EXIF DateTimeOriginal of the original, read before it was stripped: a fact for agents' signals only, never published. */
  @Property({ type: 'Date', nullable: true })
  capturedAt: Date | null = null;

  constructor(input: {
    id: string;
    uploader: User;
    kind: EvidenceKind;
    mimeType: string;
    bytes: number;
    width: number;
    height: number;
    sha256: string;
    /** Of the re-encoded bytes the store keeps; rows made without the pipeline (fixtures) have none. */
    storedSha256?: string;
    blobKey: string;
    thumbKey: string;
    facts?: PhotoFacts;
  }) {
    this.id = input.id;
    this.uploader = ref(input.uploader);
    this.kind = input.kind;
    this.mimeType = input.mimeType;
    this.bytes = input.bytes;
    this.width = input.width;
    this.height = input.height;
    this.sha256 = input.sha256;
    this.storedSha256 = input.storedSha256 ?? null;
    this.blobKey = input.blobKey;
    this.thumbKey = input.thumbKey;
    const facts = input.facts;
    if (facts?.phash != null) {
      this.phash = facts.phash.toString();
      [this.phashB0, this.phashB1, this.phashB2, this.phashB3] = bandsOf(facts.phash);
    }
    this.capturedAt = facts?.capturedAt ?? null;
  }

  /** Whether the photo was checked for reuse (its hash could be computed); agents see the others in the case signals. */
  get reuseChecked(): boolean {
    return this.phash !== null;
  }

  /** Published by EvidenceResolver.url (reads answer plain rows; see UserResolver for why not a getter). */
  get url(): string {
    return `/evidence/${this.id}`;
  }

  /** Published by EvidenceResolver.thumbnailUrl. */
  get thumbnailUrl(): string {
    return `/evidence/${this.id}/thumb`;
  }

  /** Used somewhere other than a case (a review): kept from the sweep, and attachable nowhere else. */
  markAttached(at = new Date()): void {
    this.attachedAt ??= at;
  }

  /** A courier's photo becomes evidence of their parcel at pickup (SCALE) or delivery (DOOR, LOCKER). */
  attachToParcel(shipment: Shipment, kind: EvidenceKind, lockerCode: string | null, at = new Date()): void {
    this.shipment = ref(shipment);
    this.kind = kind;
    this.lockerCode = kind === EvidenceKind.LOCKER ? lockerCode : null;
    this.attachedAt = at;
  }

  attachTo(complaint: Complaint, at = new Date()): void {
    this.complaint = ref(complaint);
    this.attachedAt = at;
  }
}
