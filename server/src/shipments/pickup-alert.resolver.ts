import { Role } from '@parceldesk/shared';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { PickupAlertService } from './pickup-alerts.js';
import { PickupAlertView } from './pickup-alert.types.js';
import type { ShipmentContext } from './shipment.deps.js';

/** Prevention at pickup: the store's warnings of parcels weighed light, and the one-tap supplementary parcel. */
@Resolver(() => PickupAlertView)
export class PickupAlertResolver {
  @Authorized(Role.MERCHANT)
  @Query(() => [PickupAlertView], { description: 'The store’s parcels weighed light at pickup, newest first (50 at most)' })
  pickupAlerts(@Ctx() ctx: ShipmentContext) {
    return new PickupAlertService(ctx).pickupAlerts();
  }

  @Authorized(Role.BUYER, Role.MERCHANT, Role.AGENT)
  @Query(() => [PickupAlertView], { description: 'Whether the store was warned at pickup about a parcel of this order, and what it did (its buyer, its store, agents)' })
  pickupWarnings(@Arg('orderId', () => ID) orderId: string, @Ctx() ctx: ShipmentContext) {
    return new PickupAlertService(ctx).orderWarnings(orderId);
  }

  @Authorized()
  @Mutation(() => PickupAlertView, { description: 'The store sends the missing goods: a supplementary parcel to the same buyer, waiting on the board for dispatch' })
  sendMissingGoods(@Arg('alertId', () => ID) alertId: string, @Ctx() ctx: ShipmentContext) {
    return new PickupAlertService(ctx).sendMissingGoods(alertId);
  }
}
