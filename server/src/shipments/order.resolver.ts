import { Role, sumCents } from '@parceldesk/shared';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import type { AuthedContext } from '../common/context.js';
import { PageArgs } from '../common/pagination.js';
import { Merchant } from './merchant.entity.js';
import { OrderLine } from './order-line.entity.js';
import { Order } from './order.entity.js';
import { Shipment } from './shipment.entity.js';
import { ShipmentService } from './shipment.service.js';
import { MerchantOrdersFilter, OrderConnection } from './shipment.types.js';

// Relations load through MikroORM's per-request dataloader: a page of 20 orders asks for their
// lines, shipments, couriers… in one query per relation, not one per order.
@Resolver(() => Order)
export class OrderResolver {
  @Authorized(Role.BUYER)
  @Query(() => OrderConnection, { description: 'The signed-in buyer’s orders, newest first' })
  myOrders(@Args() page: PageArgs, @Ctx() ctx: AuthedContext) {
    return new ShipmentService(ctx).myOrders(page);
  }

  @Authorized()
  @Query(() => Order, { description: 'One order: its buyer, its store or an agent' })
  order(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthedContext) {
    return new ShipmentService(ctx).order(id);
  }

  @Authorized(Role.MERCHANT)
  @Query(() => OrderConnection, { description: 'The store’s orders: those waiting for dispatch first, then newest' })
  merchantOrders(
    @Arg('filter', () => MerchantOrdersFilter, { nullable: true }) filter: MerchantOrdersFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: AuthedContext,
  ) {
    return new ShipmentService(ctx).merchantOrders(filter, page);
  }

  @FieldResolver(() => [OrderLine])
  lines(@Root() order: Order) {
    return order.lines.loadItems({ dataloader: true });
  }

  @FieldResolver(() => [Shipment])
  shipments(@Root() order: Order) {
    return order.shipments.loadItems({ dataloader: true });
  }

  @FieldResolver(() => Merchant)
  merchant(@Root() order: Order) {
    return order.merchant.load({ dataloader: true });
  }

  @FieldResolver(() => User)
  buyer(@Root() order: Order) {
    return order.buyer.load({ dataloader: true });
  }

  @FieldResolver(() => Int, { description: 'Sum of the lines, in cents' })
  async totalCents(@Root() order: Order) {
    const lines = await order.lines.loadItems({ dataloader: true });
    return sumCents(lines.map((line) => line.lineTotalCents));
  }
}
