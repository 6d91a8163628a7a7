import { graphql } from '#shared/graphql/graphql';

export const ThreadFilingOptionsQuery = graphql(`
  query ThreadFilingOptions($threadId: ID!) {
    threadFilingOptions(threadId: $threadId) {
      threadId
      orders {
        order {
          id
          orderNo
        }
        openComplaint {
          id
          caseNo
        }
        lines {
          shippedQuantity
          claimedQuantity
          claimableQuantity
          line {
            id
            title
          }
        }
      }
      photos {
        id
        thumbnailUrl
      }
    }
  }
`);

export const FileFromThreadMutation = graphql(`
  mutation FileFromThread($input: FileComplaintInput!) {
    fileComplaint(input: $input) {
      joinedExisting
      complaint {
        id
        caseNo
        channels
      }
    }
  }
`);
