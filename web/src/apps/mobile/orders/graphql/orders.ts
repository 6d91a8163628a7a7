import { graphql } from '#shared/graphql/graphql';
import '#shared/graphql/fragments';

export const MyOrdersQuery = graphql(`
  query MyOrders($first: Int, $after: String) {
    myOrders(first: $first, after: $after) {
      totalCount
      pageInfo { ...PageInfoFields }
      edges {
        node {
          ...BuyerOrderFields
          totalCents
          shipments {
            id
            waybillNo
            status
          }
        }
      }
    }
  }
`);

/** The latest after-sales case of each order shown: the card says "售后中 C…" or the outcome. */
export const OrderCasesQuery = graphql(`
  query OrderCases($orderIds: [ID!]!) {
    latestCasesOf(orderIds: $orderIds) {
      id
      caseNo
      status
      orderId
      resolutionKind
      refundCents
      reshipmentWaybillNo
    }
  }
`);
