import { Role, ShipmentStatus } from '@parceldesk/shared';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import type { AuthedContext } from '../common/context.js';
import { PageArgs } from '../common/pagination.js';
import { Dispatch } from './dispatch.entity.js';
import { OrderLine } from './order-line.entity.js';
import { Order } from './order.entity.js';
import { ShipmentItem } from './shipment-item.entity.js';
import { Shipment } from './shipment.entity.js';
import { followShipment } from './shipment.live.js';
import { asShipmentRow, type DispatchRow, type ShipmentItemRow, type ShipmentRow, type TrackingEventRow } from './shipment.reads.js';
import {
  canDispatch,
  courierActions,
  eventRecordedBy,
  itemLine,
  shipmentCourier,
  shipmentDispatch,
  shipmentDispatches,
  shipmentEvents,
  shipmentItems,
  shipmentOrder,
  userById,
} from './shipment.relations.js';
import { ShipmentService } from './shipment.service.js';
import {
  CourierContact,
  CourierLoad,
  DispatchShipmentInput,
  RecordTrackingEventInput,
  ShipmentConnection,
} from './shipment.types.js';
import { TrackingEvent } from './tracking-event.entity.js';

@Resolver(() => Shipment)
export class ShipmentResolver {
  @Authorized()
  @Query(() => Shipment, { description: 'One parcel with its timeline' })
  shipment(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthedContext) {
    return new ShipmentService(ctx).shipment(id);
  }

  @Authorized(Role.MERCHANT)
  @Query(() => [CourierLoad], { description: 'Couriers to dispatch to, with the parcels each holds now' })
  couriers(@Ctx() ctx: AuthedContext) {
    return new ShipmentService(ctx).couriers();
  }

  @Authorized(Role.COURIER)
  @Query(() => ShipmentConnection, { description: 'Parcels dispatched to the signed-in courier, latest change first' })
  myDeliveries(
    @Arg('active', () => Boolean, { nullable: true, description: 'true: still to deliver; false: delivered' }) active: boolean | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: AuthedContext,
  ) {
    return new ShipmentService(ctx).myDeliveries(active ?? undefined, page);
  }

  @Authorized(Role.BUYER)
  @Query(() => CourierContact, { nullable: true, description: 'The courier of the buyer’s parcel; null before dispatch' })
  courierContact(@Arg('shipmentId', () => ID) shipmentId: string, @Ctx() ctx: AuthedContext) {
    return new ShipmentService(ctx).courierContact(shipmentId);
  }

  @Authorized(Role.MERCHANT)
  @Mutation(() => Shipment, { description: '人工派单: hand a parcel to a courier (again, from DISPATCHED or EXCEPTION)' })
  dispatchShipment(@Arg('input') input: DispatchShipmentInput, @Ctx() ctx: AuthedContext) {
    return new ShipmentService(ctx).dispatchShipment(input);
  }

  @Authorized(Role.COURIER)
  @Mutation(() => Shipment, { description: 'A courier’s scan, following the shipment state machine' })
  recordTrackingEvent(@Arg('input') input: RecordTrackingEventInput, @Ctx() ctx: AuthedContext) {
    return new ShipmentService(ctx).recordTrackingEvent(input);
  }

  @Authorized(Role.BUYER, Role.COURIER, Role.MERCHANT)
  @Subscription(() => Shipment, {
    description: 'The parcel after each change, for its buyer, store and courier; compare `version` after a reconnect',
    subscribe: ({ args, context }) => followShipment(context as AuthedContext, args.shipmentId as string),
  })
  shipmentUpdated(@Root() shipment: Shipment | ShipmentRow, @Arg('shipmentId', () => ID) _shipmentId: string) {
    return asShipmentRow(shipment);
  }

  // --- relations: batched plain rows, each checked by its type's access rule ---

  @FieldResolver(() => Order)
  order(@Root() shipment: ShipmentRow, @Ctx() ctx: AuthedContext) {
    return shipmentOrder(ctx, shipment);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The courier holding the parcel now' })
  courier(@Root() shipment: ShipmentRow, @Ctx() ctx: AuthedContext) {
    return shipmentCourier(ctx, shipment);
  }

  @FieldResolver(() => Dispatch, { nullable: true, description: 'The latest dispatch' })
  dispatch(@Root() shipment: ShipmentRow, @Ctx() ctx: AuthedContext) {
    return shipmentDispatch(ctx, shipment);
  }

  @FieldResolver(() => [Dispatch], { description: 'Every dispatch, oldest first' })
  dispatches(@Root() shipment: ShipmentRow, @Ctx() ctx: AuthedContext) {
    return shipmentDispatches(ctx, shipment);
  }

  @FieldResolver(() => [TrackingEvent], { description: 'The timeline, oldest first' })
  events(@Root() shipment: ShipmentRow, @Ctx() ctx: AuthedContext) {
    return shipmentEvents(ctx, shipment);
  }

  @FieldResolver(() => [ShipmentItem], { description: 'What the parcel carries' })
  items(@Root() shipment: ShipmentRow, @Ctx() ctx: AuthedContext) {
    return shipmentItems(ctx, shipment);
  }

  // --- what the viewer may do now (the UI shows only these) ---

  @FieldResolver(() => [ShipmentStatus], { description: 'Scans the signed-in courier may record next; empty for others' })
  courierActions(@Root() shipment: ShipmentRow, @Ctx() ctx: AuthedContext) {
    return courierActions(ctx, shipment);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the signed-in merchant may (re-)dispatch it now' })
  canDispatch(@Root() shipment: ShipmentRow, @Ctx() ctx: AuthedContext) {
    return canDispatch(ctx, shipment);
  }
}

@Resolver(() => TrackingEvent)
export class TrackingEventResolver {
  @FieldResolver(() => User)
  recordedBy(@Root() event: TrackingEventRow, @Ctx() ctx: AuthedContext) {
    return eventRecordedBy(ctx, event);
  }
}

@Resolver(() => Dispatch)
export class DispatchResolver {
  @FieldResolver(() => User)
  courier(@Root() dispatch: DispatchRow, @Ctx() ctx: AuthedContext) {
    return userById(ctx, dispatch.courierId);
  }

  @FieldResolver(() => User)
  dispatchedBy(@Root() dispatch: DispatchRow, @Ctx() ctx: AuthedContext) {
    return userById(ctx, dispatch.dispatchedById);
  }
}

@Resolver(() => ShipmentItem)
export class ShipmentItemResolver {
  @FieldResolver(() => OrderLine)
  line(@Root() item: ShipmentItemRow, @Ctx() ctx: AuthedContext) {
    return itemLine(ctx, item);
  }
}
