import { graphql } from '#shared/graphql/graphql';
import '#shared/graphql/fragments';

// The query and the subscription select the same fields, so a live event can replace what the page shows.
export const ShipmentDetailFields = graphql(`
  fragment ShipmentDetailFields on Shipment {
    id
    waybillNo
    carrier
    status
    statusBeforeException
    version
    courierActions
    order {
      id
      orderNo
      shippingAddress
      merchant {
        id
        name
      }
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
    courierPhotos {
      id
      kind
      lockerCode
      url
      thumbnailUrl
    }
  }
`);

export const ShipmentQuery = graphql(`
  query ShipmentDetail($id: ID!) {
    shipment(id: $id) {
      ...ShipmentDetailFields
      ...ParcelTimelineFields
    }
  }
`);

export const ShipmentUpdatedSubscription = graphql(`
  subscription ShipmentUpdated($id: ID!) {
    shipmentUpdated(shipmentId: $id) {
      ...ShipmentDetailFields
      ...ParcelTimelineFields
    }
  }
`);

export const CourierContactQuery = graphql(`
  query CourierContact($shipmentId: ID!) {
    courierContact(shipmentId: $shipmentId) {
      courierId
      displayName
      phone
      masked
      revealedUntil
    }
  }
`);
