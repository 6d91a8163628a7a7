import { graphql } from '#shared/graphql/graphql';
import '#shared/graphql/fragments';

export const StoreReviewFields = graphql(`
  fragment StoreReviewFields on Review {
    id
    rating
    body
    arrivedShort
    authorName
    createdAt
    order {
      id
      orderNo
    }
    complaint {
      id
      caseNo
      status
    }
    photos {
      id
      thumbnailUrl
      url
    }
    reply {
      body
      createdAt
    }
  }
`);

export const StoreReviewsQuery = graphql(`
  query StoreReviews($first: Int, $after: String) {
    merchantReviews(first: $first, after: $after) {
      totalCount
      averageRating
      pageInfo { ...PageInfoFields }
      edges {
        node {
          ...StoreReviewFields
        }
      }
    }
  }
`);

export const ReplyToReviewMutation = graphql(`
  mutation ReplyToReview($id: ID!, $input: ReviewReplyInput!) {
    replyToReview(id: $id, input: $input) {
      ...StoreReviewFields
    }
  }
`);
