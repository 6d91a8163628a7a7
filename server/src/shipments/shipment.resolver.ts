import { Role, ShipmentStatus } from '@parceldesk/shared';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import type { ShipmentContext } from './shipment.deps.js';
import { selectionTree } from '../common/selection.js';
import { PageArgs } from '../common/pagination.js';
import { Dispatch } from './dispatch.entity.js';
import { OrderLine } from './order-line.entity.js';
import { Order } from './order.entity.js';
import { ShipmentItem } from './shipment-item.entity.js';
import { Shipment } from './shipment.entity.js';
import { canReadDispatchNote } from './shipment.access.js';
import { followShipment } from './shipment.live.js';
import { asShipmentRow, type DispatchRow, type ShipmentItemRow, type ShipmentRow, type TrackingEventRow } from './shipment.reads.js';
import {
  shipmentRow,
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
import { recipientFor, ShipmentService } from './shipment.service.js';
import { followStoreShipments } from './store-board.live.js';
import {
  CourierContact,
  CourierLoad,
  DispatchShipmentInput,
  RecipientContact,
  RecordTrackingEventInput,
  ShipmentConnection,
} from './shipment.types.js';
import { TrackingEvent } from './tracking-event.entity.js';

@Resolver(() => Shipment)
export class ShipmentResolver {
  @Authorized()
  @Query(() => Shipment, { description: 'One parcel with its timeline' })
  shipment(@Arg('id', () => ID) id: string, @Ctx() ctx: ShipmentContext, @Info() info: GraphQLResolveInfo) {
    return new ShipmentService(ctx).shipment(id, selectionTree(info));
  }

  @Authorized(Role.MERCHANT)
  @Query(() => [CourierLoad], { description: 'Couriers to dispatch to, with the parcels each holds now' })
  couriers(@Ctx() ctx: ShipmentContext) {
    return new ShipmentService(ctx).couriers();
  }

  @Authorized(Role.COURIER)
  @Query(() => ShipmentConnection, { description: 'Parcels dispatched to the signed-in courier, latest change first' })
  myDeliveries(
    @Arg('active', () => Boolean, { nullable: true, description: 'true: still to deliver; false: delivered' }) active: boolean | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: ShipmentContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new ShipmentService(ctx).myDeliveries(active ?? undefined, page, selectionTree(info));
  }

  @Authorized(Role.BUYER)
  @Query(() => CourierContact, { nullable: true, description: 'The courier of the buyer’s parcel; null before dispatch' })
  courierContact(@Arg('shipmentId', () => ID) shipmentId: string, @Ctx() ctx: ShipmentContext) {
    return new ShipmentService(ctx).courierContact(shipmentId);
  }

  @Authorized(Role.MERCHANT)
  @Mutation(() => Shipment, { description: '人工派单: hand a parcel to a courier (again, from DISPATCHED or EXCEPTION)' })
  dispatchShipment(@Arg('input') input: DispatchShipmentInput, @Ctx() ctx: ShipmentContext) {
    return new ShipmentService(ctx).dispatchShipment(input);
  }

  @Authorized(Role.COURIER)
  @Mutation(() => Shipment, { description: 'A courier’s scan, following the shipment state machine' })
  recordTrackingEvent(@Arg('input') input: RecordTrackingEventInput, @Ctx() ctx: ShipmentContext) {
    return new ShipmentService(ctx).recordTrackingEvent(input);
  }

  @Authorized(Role.BUYER, Role.COURIER, Role.MERCHANT)
  @Subscription(() => Shipment, {
    description: 'The parcel after each change, for its buyer, store and courier; compare `version` after a reconnect',
    subscribe: ({ args, context }) => followShipment(context as ShipmentContext, args.shipmentId as string),
  })
  shipmentUpdated(@Root() shipment: Shipment | ShipmentRow, @Arg('shipmentId', () => ID) _shipmentId: string) {
    return asShipmentRow(shipment);
  }

  @Authorized(Role.MERCHANT)
  @Subscription(() => Shipment, {
    description: 'Each change to any parcel of the signed-in merchant’s store (the live dispatch board)',
    subscribe: ({ context }) => followStoreShipments(context as ShipmentContext),
  })
  storeShipmentUpdated(@Root() shipment: Shipment | ShipmentRow) {
    return asShipmentRow(shipment);
  }

  // --- relations: batched plain rows, each checked by its type's access rule ---

  @FieldResolver(() => Order)
  order(@Root() shipment: ShipmentRow | Shipment, @Ctx() ctx: ShipmentContext) {
    return shipmentRow(ctx, shipment, (row) => shipmentOrder(ctx, row));
  }

  @FieldResolver(() => User, { nullable: true, description: 'The courier holding the parcel now' })
  courier(@Root() shipment: ShipmentRow | Shipment, @Ctx() ctx: ShipmentContext) {
    return shipmentRow(ctx, shipment, (row) => shipmentCourier(ctx, row));
  }

  @FieldResolver(() => Dispatch, { nullable: true, description: 'The latest dispatch' })
  dispatch(@Root() shipment: ShipmentRow | Shipment, @Ctx() ctx: ShipmentContext) {
    return shipmentRow(ctx, shipment, (row) => shipmentDispatch(ctx, row));
  }

  @FieldResolver(() => [Dispatch], { description: 'Every dispatch, oldest first' })
  dispatches(@Root() shipment: ShipmentRow | Shipment, @Ctx() ctx: ShipmentContext) {
    return shipmentRow(ctx, shipment, (row) => shipmentDispatches(ctx, row));
  }

  @FieldResolver(() => [TrackingEvent], { description: 'The timeline, oldest first' })
  events(@Root() shipment: ShipmentRow | Shipment, @Ctx() ctx: ShipmentContext) {
    return shipmentRow(ctx, shipment, (row) => shipmentEvents(ctx, row));
  }

  @FieldResolver(() => [ShipmentItem], { description: 'What the parcel carries' })
  items(@Root() shipment: ShipmentRow | Shipment, @Ctx() ctx: ShipmentContext) {
    return shipmentRow(ctx, shipment, (row) => shipmentItems(ctx, row));
  }

  @FieldResolver(() => RecipientContact, { nullable: true, description: 'Who receives it: for the courier holding the parcel; null for others' })
  recipient(@Root() shipment: ShipmentRow | Shipment, @Ctx() ctx: ShipmentContext) {
    return shipmentRow(ctx, shipment, (row) => recipientFor(ctx, row));
  }

  // --- what the viewer may do now (the UI shows only these) ---

  @FieldResolver(() => [ShipmentStatus], { description: 'Scans the signed-in courier may record next; empty for others' })
  courierActions(@Root() shipment: ShipmentRow | Shipment, @Ctx() ctx: ShipmentContext) {
    return shipmentRow(ctx, shipment, (row) => courierActions(ctx, row));
  }

  @FieldResolver(() => Boolean, { description: 'Whether the signed-in merchant may (re-)dispatch it now' })
  canDispatch(@Root() shipment: ShipmentRow | Shipment, @Ctx() ctx: ShipmentContext) {
    return shipmentRow(ctx, shipment, (row) => canDispatch(ctx, row));
  }
}

@Resolver(() => TrackingEvent)
export class TrackingEventResolver {
  @FieldResolver(() => User)
  recordedBy(@Root() event: TrackingEventRow, @Ctx() ctx: ShipmentContext) {
    return eventRecordedBy(ctx, event);
  }
}

@Resolver(() => Dispatch)
export class DispatchResolver {
  @FieldResolver(() => User)
  courier(@Root() dispatch: DispatchRow, @Ctx() ctx: ShipmentContext) {
    return userById(ctx, dispatch.courierId);
  }

  @FieldResolver(() => User)
  dispatchedBy(@Root() dispatch: DispatchRow, @Ctx() ctx: ShipmentContext) {
    return userById(ctx, dispatch.dispatchedById);
  }

  @FieldResolver(() => String, { nullable: true, description: '给派件员的话: for its courier and the store; null for everyone else' })
  note(@Root() dispatch: DispatchRow, @Ctx() ctx: ShipmentContext) {
    return canReadDispatchNote(ctx.user, dispatch) ? dispatch.note : null;
  }
}

@Resolver(() => ShipmentItem)
export class ShipmentItemResolver {
  @FieldResolver(() => OrderLine)
  line(@Root() item: ShipmentItemRow, @Ctx() ctx: ShipmentContext) {
    return itemLine(ctx, item);
  }
}
