import { graphql } from '#shared/graphql/graphql';

export const MyDeliveriesQuery = graphql(`
  query MyDeliveries($active: Boolean, $first: Int, $after: String) {
    myDeliveries(active: $active, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          waybillNo
          status
          version
          courierActions
          order {
            id
            shippingAddress
          }
          dispatch {
            id
            pickupAt
            pickupAddress
            note
          }
        }
      }
    }
  }
`);

export const RecordTrackingEventMutation = graphql(`
  mutation RecordTrackingEvent($input: RecordTrackingEventInput!) {
    recordTrackingEvent(input: $input) {
      id
      waybillNo
      status
      version
      courierActions
      order {
        id
        shippingAddress
      }
      dispatch {
        id
        pickupAt
        pickupAddress
        note
      }
    }
  }
`);
