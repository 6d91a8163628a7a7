import { graphql } from '#shared/graphql/graphql';

export const DeskAutoDecisionQuery = graphql(`
  query DeskAutoDecision($id: ID!) {
    autoDecision(complaintId: $id) {
      id
      outcome
      refundCents
      decidedAt
      reversibleUntil
      reversedAt
      reverseReason
      checks {
        rule
        passed
        detail
      }
    }
  }
`);

export const ReverseAutoDecisionMutation = graphql(`
  mutation ReverseAutoDecision($id: ID!, $reason: String!) {
    reverseAutoDecision(complaintId: $id, reason: $reason) {
      id
      reversedAt
      reverseReason
    }
  }
`);
