import { graphql } from '#shared/graphql/graphql';

export const PickupAlertsQuery = graphql(`
  query PickupAlerts {
    pickupAlerts {
      id
      shipmentId
      waybillNo
      orderNo
      expectedGrams
      weighedGrams
      missingGrams
      actedAt
      supplementWaybillNo
      suggested {
        lineId
        title
        quantity
      }
    }
  }
`);

export const SendMissingGoodsMutation = graphql(`
  mutation SendMissingGoods($id: ID!) {
    sendMissingGoods(alertId: $id) {
      id
      actedAt
      supplementWaybillNo
    }
  }
`);

export const PickupAlertsLive = graphql(`
  subscription PickupAlertsLive {
    storeShipmentUpdated {
      id
      version
    }
  }
`);
