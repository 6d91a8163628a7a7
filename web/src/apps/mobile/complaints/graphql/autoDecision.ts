import { graphql } from '#shared/graphql/graphql';

export const BuyerAutoDecisionQuery = graphql(`
  query BuyerAutoDecision($id: ID!) {
    autoDecision(complaintId: $id) {
      id
      outcome
      refundCents
      decidedAt
      reversedAt
      checks {
        rule
        passed
      }
    }
  }
`);

export const BuyerPickupWarningsQuery = graphql(`
  query BuyerPickupWarnings($orderId: ID!) {
    pickupWarnings(orderId: $orderId) {
      id
      waybillNo
      weighedGrams
      expectedGrams
      actedAt
      supplementWaybillNo
    }
  }
`);
