import { graphql } from '#shared/graphql/graphql';

export const MyCasesQuery = graphql(`
  query MyCases($first: Int, $after: String) {
    myCases(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          caseNo
          status
          orderId
          orderNo
          storeName
          itemTitle
          itemCount
          claimedUnits
          claimedCents
          resolutionKind
          refundCents
          reshipmentWaybillNo
          createdAt
          lastActivityAt
        }
      }
    }
  }
`);
