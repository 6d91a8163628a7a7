import { graphql } from '#shared/graphql/graphql';

export const MerchantOrdersQuery = graphql(`
  query MerchantOrders($filter: MerchantOrdersFilter, $first: Int, $after: String) {
    merchantOrders(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          orderNo
          buyer {
            id
            displayName
            maskedPhone
          }
          shipments {
            id
            waybillNo
            status
            version
            canDispatch
            items {
              quantity
              line {
                id
                title
              }
            }
            courier {
              id
              displayName
            }
            dispatch {
              id
              channel
              pickupAt
              pickupAddress
              note
            }
          }
        }
      }
    }
  }
`);

export const CouriersQuery = graphql(`
  query Couriers {
    couriers {
      activeParcels
      courier {
        id
        displayName
      }
    }
  }
`);

export const DispatchShipmentMutation = graphql(`
  mutation DispatchShipment($input: DispatchShipmentInput!) {
    dispatchShipment(input: $input) {
      id
      waybillNo
      status
      version
      canDispatch
      items {
        quantity
        line {
          id
          title
        }
      }
      courier {
        id
        displayName
      }
      dispatch {
        id
        channel
        pickupAt
        pickupAddress
        note
      }
    }
  }
`);
