import { courierPhotoSchema, EvidenceKind } from '@parceldesk/shared';
import { Field, ID, InputType, ObjectType } from 'type-graphql';

/**
 * A courier's photo of a parcel (issue 20): the scale at pickup (SCALE), the parcel at the door
 * (DOOR) or in a locker compartment (LOCKER, with its pickup code). Read as plain rows.
 */
@ObjectType({ simpleResolvers: true, description: 'A courier’s photo of a parcel: on the scale at pickup, at the door or in a locker at delivery' })
export class CourierPhoto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  shipmentId!: string;

  @Field({ description: 'The parcel’s waybill (a case shows the photos of all its order’s parcels)' })
  waybillNo!: string;

  @Field(() => EvidenceKind, { description: 'SCALE, DOOR or LOCKER' })
  kind!: EvidenceKind;

  @Field(() => String, { nullable: true, description: 'LOCKER: the compartment’s pickup code' })
  lockerCode!: string | null;

  @Field({ description: 'When the courier attached it to the parcel' })
  attachedAt!: Date;

  @Field({ description: 'The re-encoded photo (GET, authorised)' })
  url!: string;

  @Field()
  thumbnailUrl!: string;
}

@InputType({ description: 'A courier attaches a photo they uploaded (POST /uploads/courier) to the parcel they hold' })
export class AttachCourierPhotoInput {
  static schema = courierPhotoSchema;

  @Field(() => ID)
  shipmentId!: string;

  @Field(() => ID, { description: 'The id answered by POST /uploads/courier' })
  evidenceId!: string;

  @Field(() => EvidenceKind, { description: 'SCALE once the parcel is picked up; DOOR or LOCKER once it is delivered' })
  kind!: EvidenceKind;

  @Field(() => String, { nullable: true, description: 'LOCKER: the compartment’s pickup code; by default the delivery scan’s' })
  lockerCode?: string | null;
}
