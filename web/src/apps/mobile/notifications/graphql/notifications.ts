import { graphql } from '#shared/graphql/graphql';
import '#shared/graphql/fragments';

export const UnreadCountQuery = graphql(`
  query UnreadNotifications {
    myNotifications(first: 1) {
      unreadCount
    }
  }
`);

export const NotificationAddedSubscription = graphql(`
  subscription NotificationAdded {
    notificationAdded {
      id
    }
  }
`);

export const MyNotificationsQuery = graphql(`
  query MyNotifications($first: Int, $after: String) {
    myNotifications(first: $first, after: $after) {
      totalCount
      unreadCount
      pageInfo { ...PageInfoFields }
      edges {
        node {
          ...NotificationTextFields
          readAt
          createdAt
        }
      }
    }
  }
`);

export const MarkNotificationsReadMutation = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids)
  }
`);
