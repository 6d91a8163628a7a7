import { graphql } from './graphql';

/*
 * Selections that several screens share, declared once. A module that spreads one imports this
 * module (fragments are registered when declared; see graphql.ts).
 */

/** What a list page needs to load the next page (shared/graphql/connection.ts). */
export const PageInfoFields = graphql(`
  fragment PageInfoFields on PageInfo {
    hasNextPage
    endCursor
  }
`);

/** What a notification's text and link are made of (notificationText.ts, notificationLink). */
export const NotificationTextFields = graphql(`
  fragment NotificationTextFields on Notification {
    id
    kind
    waybillNo
    detail
    shipmentId
    threadId
    complaintId
    orderId
    storeName
    itemTitle
    itemCount
  }
`);
