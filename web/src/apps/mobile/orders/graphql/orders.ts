import { graphql } from '#shared/graphql/graphql';

export const MyOrdersQuery = graphql(`
  query MyOrders($first: Int, $after: String) {
    myOrders(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
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
