import { graphql } from '#shared/graphql/graphql';

// A parcel as a courier's card shows it; a scan answers the same, so the card updates in place.
export const DeliveryCardFields = graphql(`
  fragment DeliveryCardFields on Shipment {
    id
    waybillNo
    status
    statusBeforeException
    version
    courierActions
    order {
      id
      shippingAddress
    }
    recipient {
      name
      phone
      masked
    }
    items {
      quantity
      line {
        id
        title
      }
    }
    dispatch {
      id
      pickupAt
      pickupAddress
      note
    }
  }
`);

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
          ...DeliveryCardFields
        }
      }
    }
  }
`);

// Parcels given to or taken from the signed-in courier arrive as notifications; the list follows them.
export const CourierWorkSubscription = graphql(`
  subscription CourierWork {
    notificationAdded {
      id
      kind
      waybillNo
      shipmentId
    }
  }
`);
