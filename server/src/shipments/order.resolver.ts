import { Role } from '@parceldesk/shared';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import type { ShipmentContext } from './shipment.deps.js';
import { selectionTree } from '../common/selection.js';
import { PageArgs } from '../common/pagination.js';
import { Merchant } from './merchant.entity.js';
import { OrderLine } from './order-line.entity.js';
import { Order } from './order.entity.js';
import { Shipment } from './shipment.entity.js';
import type { OrderRow } from './shipment.reads.js';
import { orderRow, orderBuyer, orderLines, orderMerchant, orderShipments, orderTotalCents } from './shipment.relations.js';
import { ShipmentService } from './shipment.service.js';
import { MerchantOrdersFilter, OrderConnection } from './shipment.types.js';

// Reads answer plain rows (shipment.reads.ts): a page of 20 orders asks for their lines,
// shipments, couriers… in one statement per relation, not one per order.
@Resolver(() => Order)
export class OrderResolver {
  @Authorized(Role.BUYER)
  @Query(() => OrderConnection, { description: 'The signed-in buyer’s orders, newest first' })
  myOrders(@Args() page: PageArgs, @Ctx() ctx: ShipmentContext, @Info() info: GraphQLResolveInfo) {
    return new ShipmentService(ctx).myOrders(page, selectionTree(info));
  }

  @Authorized()
  @Query(() => Order, { description: 'One order: its buyer, its store or an agent' })
  order(@Arg('id', () => ID) id: string, @Ctx() ctx: ShipmentContext) {
    return new ShipmentService(ctx).order(id);
  }

  @Authorized(Role.MERCHANT)
  @Query(() => OrderConnection, { description: 'The store’s orders: those waiting for dispatch first, then newest' })
  merchantOrders(
    @Arg('filter', () => MerchantOrdersFilter, { nullable: true }) filter: MerchantOrdersFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: ShipmentContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new ShipmentService(ctx).merchantOrders(filter, page, selectionTree(info));
  }

  // --- relations: batched plain rows, each checked by its type's access rule ---

  @FieldResolver(() => [OrderLine])
  lines(@Root() order: OrderRow | Order, @Ctx() ctx: ShipmentContext) {
    return orderRow(ctx, order, (row) => orderLines(ctx, row));
  }

  @FieldResolver(() => [Shipment])
  shipments(@Root() order: OrderRow | Order, @Ctx() ctx: ShipmentContext, @Info() info: GraphQLResolveInfo) {
    return orderRow(ctx, order, (row) => orderShipments(ctx, row, info));
  }

  @FieldResolver(() => Merchant)
  merchant(@Root() order: OrderRow | Order, @Ctx() ctx: ShipmentContext) {
    return orderRow(ctx, order, (row) => orderMerchant(row));
  }

  @FieldResolver(() => User)
  buyer(@Root() order: OrderRow | Order, @Ctx() ctx: ShipmentContext) {
    return orderRow(ctx, order, (row) => orderBuyer(ctx, row));
  }

  @FieldResolver(() => Int, { description: 'Sum of the lines, in cents' })
  totalCents(@Root() order: OrderRow | Order, @Ctx() ctx: ShipmentContext) {
    return orderRow(ctx, order, (row) => orderTotalCents(ctx, row));
  }
}

/** Computed line fields, for entities and plain rows alike (see UserResolver for why not a getter). */
@Resolver(() => OrderLine)
export class OrderLineResolver {
  @FieldResolver(() => Int, { description: 'unitPriceCents × quantity' })
  lineTotalCents(@Root() line: Pick<OrderLine, 'unitPriceCents' | 'quantity'>): number {
    return line.unitPriceCents * line.quantity;
  }
}
