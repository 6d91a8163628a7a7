import '#shared/graphql/fragments';
import { graphql } from '#shared/graphql/graphql';

export const AlertNotificationSubscription = graphql(`
  subscription AlertNotification {
    notificationAdded {
      ...NotificationTextFields
    }
  }
`);

/** Agents on the desk: a case filed, or a change to one assigned to them (the queue's own feed). */
export const AlertCaseSubscription = graphql(`
  subscription AlertCase {
    complaintQueueChanged {
      kind
      complaint {
        id
        caseNo
        assignee {
          id
        }
      }
    }
  }
`);
