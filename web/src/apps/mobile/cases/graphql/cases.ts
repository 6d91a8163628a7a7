import { graphql } from '#shared/graphql/graphql';
import '#shared/graphql/fragments';

export const MyCasesQuery = graphql(`
  query MyCases($first: Int, $after: String) {
    myCases(first: $first, after: $after) {
      totalCount
      pageInfo { ...PageInfoFields }
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
