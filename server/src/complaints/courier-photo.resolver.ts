import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Shipment } from '../shipments/shipment.entity.js';
import { canViewShipment } from '../shipments/shipment.access.js';
import type { ShipmentRow } from '../shipments/shipment.reads.js';
import { shipmentRow } from '../shipments/shipment.relations.js';
import { viewerOf } from '../shipments/viewer.js';
import type { ComplaintContext } from './complaint.deps.js';
import { Complaint } from './complaint.entity.js';
import type { ComplaintRow } from './complaint.reads.js';
import { AttachCourierPhotoInput, CourierPhoto } from './courier-photo.types.js';
import { courierPhotoLoaders, CourierPhotoService } from './courier-photos.js';

/** Courier evidence (issue 20): attaching, and the photos on a parcel and on a case. */
@Resolver(() => CourierPhoto)
export class CourierPhotoResolver {
  @Authorized()
  @Mutation(() => CourierPhoto, { description: 'The courier holding a parcel attaches a photo from POST /uploads/courier: SCALE after pickup, DOOR or LOCKER after delivery (one of each)' })
  attachCourierPhoto(@Arg('input') input: AttachCourierPhotoInput, @Ctx() ctx: ComplaintContext) {
    return new CourierPhotoService(ctx).attach(input);
  }
}

@Resolver(() => Shipment)
export class ShipmentCourierPhotosResolver {
  @FieldResolver(() => [CourierPhoto], { description: 'The courier’s photos of the parcel (scale at pickup, door or locker at delivery), for whoever may see the parcel' })
  courierPhotos(@Root() root: ShipmentRow | Shipment, @Ctx() ctx: ComplaintContext) {
    return shipmentRow(ctx, root, (row) => (canViewShipment(viewerOf(ctx), row) ? courierPhotoLoaders(ctx).byShipment.load(row.id) : []));
  }
}

@Resolver(() => Complaint)
export class ComplaintCourierPhotosResolver {
  @FieldResolver(() => [CourierPhoto], { description: 'The courier’s photos of every parcel of the case’s order, for whoever may see the case' })
  courierPhotos(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: ComplaintContext) {
    const orderId = complaint instanceof Complaint ? complaint.order.id : complaint.orderId;
    return courierPhotoLoaders(ctx).byOrder.load(orderId);
  }
}
