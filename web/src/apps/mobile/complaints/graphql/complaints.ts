import { graphql } from '#shared/graphql/graphql';
import '#shared/graphql/fragments';

export const FilingOptionsQuery = graphql(`
  query ComplaintFilingOptions($orderId: ID!) {
    complaintFilingOptions(orderId: $orderId) {
      order {
        id
        orderNo
        merchant {
          id
          name
        }
      }
      lines {
        shippedQuantity
        claimableQuantity
        line {
          id
          title
          quantity
          unitPriceCents
        }
      }
      parcelsOnTheWay {
        id
        waybillNo
        status
      }
      openComplaint {
        id
        caseNo
      }
    }
  }
`);

export const FileComplaintMutation = graphql(`
  mutation FileComplaint($input: FileComplaintInput!) {
    fileComplaint(input: $input) {
      joinedExisting
      complaint {
        id
      }
    }
  }
`);

// The query and the subscription select the same fields, so a live event replaces what the page shows.
export const BuyerComplaintFields = graphql(`
  fragment BuyerComplaintFields on Complaint {
    ...CaseFields
    respondedAt
    firstRespondedAt
    notes {
      photos {
        id
        url
        thumbnailUrl
      }
    }
  }
`);

export const BuyerComplaintQuery = graphql(`
  query BuyerComplaint($id: ID!) {
    complaint(id: $id) {
      ...BuyerComplaintFields
    }
  }
`);

export const BuyerComplaintUpdated = graphql(`
  subscription BuyerComplaintUpdated($id: ID!) {
    complaintUpdated(id: $id) {
      ...BuyerComplaintFields
    }
  }
`);

export const RespondMutation = graphql(`
  mutation RespondToResolution($id: ID!, $accept: Boolean!, $reason: DisputeReason, $comment: String) {
    respondToResolution(id: $id, accept: $accept, reason: $reason, comment: $comment) {
      ...BuyerComplaintFields
    }
  }
`);

export const WithdrawMutation = graphql(`
  mutation WithdrawComplaint($id: ID!) {
    withdrawComplaint(id: $id) {
      ...BuyerComplaintFields
    }
  }
`);

export const ReplyMutation = graphql(`
  mutation ReplyToComplaint($id: ID!, $input: CaseReplyInput!) {
    replyToComplaint(id: $id, input: $input) {
      ...BuyerComplaintFields
    }
  }
`);
