import { graphql } from '#shared/graphql/graphql';

export const AlertNotificationSubscription = graphql(`
  subscription AlertNotification {
    notificationAdded {
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
  }
`);
