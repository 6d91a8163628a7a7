import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { EvidenceKind } from '@parceldesk/shared';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
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
// The sweep of photos never attached to a case (partial index; see the complaints migration).
@Index({ name: 'evidence_unattached_index', expression: `create index "evidence_unattached_index" on "evidence" ("created_at") where "complaint_id" is null` })
export class Evidence {
  [OptionalProps]?: 'createdAt' | 'complaint' | 'attachedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  uploader: Ref<User>;

  @ManyToOne(() => Complaint, { ref: true, nullable: true, deleteRule: 'set null' })
  complaint: Ref<Complaint> | null = null;

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

  @Property({ type: 'string', length: 80 })
  blobKey: string;

  @Property({ type: 'string', length: 80 })
  thumbKey: string;

  @Field()
  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', nullable: true })
  attachedAt: Date | null = null;

  constructor(input: { id: string; uploader: User; kind: EvidenceKind; mimeType: string; bytes: number; width: number; height: number; sha256: string; blobKey: string; thumbKey: string }) {
    this.id = input.id;
    this.uploader = ref(input.uploader);
    this.kind = input.kind;
    this.mimeType = input.mimeType;
    this.bytes = input.bytes;
    this.width = input.width;
    this.height = input.height;
    this.sha256 = input.sha256;
    this.blobKey = input.blobKey;
    this.thumbKey = input.thumbKey;
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

  attachTo(complaint: Complaint, at = new Date()): void {
    this.complaint = ref(complaint);
    this.attachedAt = at;
  }
}
