import '#shared/graphql/fragments';
import { graphql } from '#shared/graphql/graphql';

export const AlertNotificationSubscription = graphql(`
  subscription AlertNotification {
    notificationAdded {
      ...NotificationTextFields
    }
  }
`);
