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

/** An order as the buyer's pages name it: number, store, lines (the orders list, the review page). */
export const BuyerOrderFields = graphql(`
  fragment BuyerOrderFields on Order {
    id
    orderNo
    merchant {
      id
      name
    }
    lines {
      id
      title
      quantity
    }
  }
`);

/**
 * A case as both its sides read it (the buyer's case page, the agent's workbench): state, order,
 * claimed lines, photos, the public conversation, the timeline and the outcome. Each side adds its own.
 */
export const CaseFields = graphql(`
  fragment CaseFields on Complaint {
    id
    caseNo
    status
    version
    channels
    description
    createdAt
    allowedActions
    disputes
    firstResponseDueAt
    dispute {
      reason
      comment
      at
    }
    order {
      id
      orderNo
      merchant {
        id
        name
      }
    }
    missingItems {
      quantityMissing
      line {
        id
        title
      }
    }
    evidence {
      id
      kind
      url
      thumbnailUrl
    }
    evidenceChecklist {
      complete
      missing
    }
    notes {
      id
      body
      createdAt
      author {
        id
        displayName
        role
      }
    }
    timeline {
      id
      kind
      toStatus
      detail
      createdAt
    }
    resolution {
      kind
      refundCents
      reason
      decidedAt
      reshipment {
        id
        waybillNo
      }
    }
  }
`);

/**
 * A parcel's scans as its timeline shows them (the phone's parcel page, the store's board and
 * drawer). Spread beside the screen's own parcel fragment, not inside it: the server's depth limit
 * counts every fragment level.
 */
export const ParcelTimelineFields = graphql(`
  fragment ParcelTimelineFields on Shipment {
    events {
      id
      status
      occurredAt
      location
      note
      measuredWeightGrams
      receivedBy
      pickupCode
      recordedBy {
        id
        displayName
      }
    }
  }
`);
