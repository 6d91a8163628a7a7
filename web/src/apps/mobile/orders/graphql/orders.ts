import { graphql } from '#shared/graphql/graphql';
import '#shared/graphql/fragments';

export const MyOrdersQuery = graphql(`
  query MyOrders($first: Int, $after: String) {
    myOrders(first: $first, after: $after) {
      totalCount
      pageInfo { ...PageInfoFields }
      edges {
        node {
          id
          orderNo
          totalCents
          merchant {
            id
            name
          }
          lines {
            id
            title
            quantity
          }
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
