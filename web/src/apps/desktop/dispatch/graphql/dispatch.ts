import { graphql } from '#shared/graphql/graphql';
import '#shared/graphql/fragments';

// A parcel as a board row shows it; the dispatch mutation answers the same, so the row updates in place.
export const DispatchRowFields = graphql(`
  fragment DispatchRowFields on Shipment {
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
`);

export const MerchantOrdersQuery = graphql(`
  query MerchantOrders($filter: MerchantOrdersFilter, $first: Int, $after: String) {
    merchantOrders(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { ...PageInfoFields }
      edges {
        node {
          id
          orderNo
          shippingAddress
          buyer {
            id
            displayName
            maskedPhone
          }
          shipments {
            ...DispatchRowFields
            ...ParcelTimelineFields
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
      phone
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
      ...DispatchRowFields
      ...ParcelTimelineFields
    }
  }
`);

// The board follows every change to the store's parcels (a courier's scan, another desk's dispatch).
export const StoreShipmentUpdatedSubscription = graphql(`
  subscription StoreShipmentUpdated {
    storeShipmentUpdated {
      ...DispatchRowFields
      ...ParcelTimelineFields
    }
  }
`);
