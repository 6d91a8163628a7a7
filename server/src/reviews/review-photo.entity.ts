import { Entity, ManyToOne, PrimaryKey, Property, ref, Unique, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Evidence } from '../complaints/evidence.entity.js';
import { Review } from './review.entity.js';

/**
 * A photo of a review: one uploaded through the evidence pipeline (re-encoded, no EXIF). A photo
 * belongs to one review (the unique index); an arrived-short review's photos are also its case's
 * evidence.
 */
@Entity({ tableName: 'review_photos' })
@Unique({ properties: ['evidence'] })
export class ReviewPhoto {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Review, { ref: true, deleteRule: 'cascade' })
  review: Ref<Review>;

  @ManyToOne(() => Evidence, { ref: true, deleteRule: 'cascade' })
  evidence: Ref<Evidence>;

  @Property({ type: 'smallint' })
  position: number;

  constructor(input: { review: Review; evidence: Evidence; position: number }) {
    this.review = ref(input.review);
    this.evidence = ref(input.evidence);
    this.position = input.position;
  }
}
