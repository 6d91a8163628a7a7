import { graphql } from '#shared/graphql/graphql';
import '#shared/graphql/fragments';

export const BuyerReviewFields = graphql(`
  fragment BuyerReviewFields on Review {
    id
    rating
    body
    arrivedShort
    createdAt
    photos {
      id
      thumbnailUrl
      url
    }
    complaint {
      id
      caseNo
    }
    reply {
      body
      createdAt
    }
  }
`);

export const OrderReviewQuery = graphql(`
  query OrderReview($id: ID!) {
    order(id: $id) {
      ...BuyerOrderFields
      shipments {
        id
        status
      }
      review {
        ...BuyerReviewFields
      }
    }
  }
`);

export const PostReviewMutation = graphql(`
  mutation PostReview($input: PostReviewInput!) {
    postReview(input: $input) {
      joinedExistingComplaint
      review {
        ...BuyerReviewFields
      }
    }
  }
`);

export const ReviewReplyNotificationSubscription = graphql(`
  subscription ReviewReplyNotification {
    notificationAdded {
      id
      kind
      orderId
    }
  }
`);
