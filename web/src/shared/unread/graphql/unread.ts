import { graphql } from '#shared/graphql/graphql';

export const UnreadSummaryFields = graphql(`
  fragment UnreadSummaryFields on UnreadSummary {
    total
    threadCount
    changedThreadId
    threads {
      threadId
      kind
      shipmentId
      orderId
      waybillNo
      unreadCount
      lastSeq
      lastAuthorName
      lastBody
    }
  }
`);

export const MyUnreadQuery = graphql(`
  query MyUnread {
    myUnread {
      ...UnreadSummaryFields
    }
  }
`);

export const UnreadChangedSubscription = graphql(`
  subscription UnreadChanged {
    unreadChanged {
      ...UnreadSummaryFields
    }
  }
`);
