import { graphql } from '#shared/graphql/graphql';
import '#shared/graphql/fragments';

export const QueueRowFields = graphql(`
  fragment QueueRowFields on Complaint {
    id
    caseNo
    status
    channels
    slaDueAt
    createdAt
    version
    buyer {
      id
      displayName
    }
    assignee {
      id
      displayName
    }
    order {
      id
      orderNo
    }
    missingItems {
      quantityMissing
      line {
        id
        title
      }
    }
    evidenceChecklist {
      complete
    }
  }
`);

/** A page of the list, as every screen that lists them reads it. */
export const QueueRowPageFields = graphql(`
  fragment QueueRowPageFields on ComplaintConnection {
    totalCount
    pageInfo { ...PageInfoFields }
    edges {
      node {
        ...QueueRowFields
      }
    }
  }
`);

export const ComplaintQueueQuery = graphql(`
  query ComplaintQueue($first: Int, $after: String, $filter: ComplaintQueueFilter) {
    complaintQueue(first: $first, after: $after, filter: $filter) {
      ...QueueRowPageFields
    }
  }
`);

export const MerchantComplaintsQuery = graphql(`
  query MerchantComplaints($first: Int, $after: String) {
    merchantComplaints(first: $first, after: $after) {
      ...QueueRowPageFields
    }
  }
`);

export const QueueChangedSubscription = graphql(`
  subscription ComplaintQueueChanged {
    complaintQueueChanged {
      kind
      complaint {
        id
        caseNo
      }
    }
  }
`);

export const WorkbenchFields = graphql(`
  fragment WorkbenchFields on Complaint {
    ...CaseFields
    threadId
    slaDueAt
    resolutionDueAt
    buyer {
      id
      displayName
      maskedPhone
    }
    assignee {
      id
      displayName
    }
    order {
      totalCents
    }
    missingItems {
      line {
        unitPriceCents
        unitWeightGrams
        quantity
      }
    }
    evidence {
      width
      height
      sha256
    }
    notes {
      internal
    }
    timeline {
      actor {
        id
        displayName
      }
    }
    resolution {
      reshipment {
        status
      }
    }
    signals {
      suggestedRefundCents
      refundableCents
      weightCheck {
        expectedGrams
        observedGrams
        source
        claimedGrams
        missingGrams
        impliedMissingUnits
        toleranceGrams
        verdict
        waybills
      }
      parcelsOnTheWay {
        id
        waybillNo
        status
      }
      duplicatePhotos {
        evidenceId
        otherComplaintId
        otherCaseNo
      }
      nearDuplicates {
        evidenceId
        matchId
        otherComplaintId
        otherCaseNo
        sameBuyer
        distance
      }
      preDeliveryPhotos {
        evidenceId
        capturedAt
        deliveredAt
      }
      uncheckedPhotoIds
      storeWarnings {
        waybillNo
        expectedGrams
        weighedGrams
        warnedAt
        sentAt
        supplementWaybillNo
      }
    }
  }
`);

export const WorkbenchQuery = graphql(`
  query Workbench($id: ID!) {
    complaint(id: $id) {
      ...WorkbenchFields
    }
  }
`);

export const WorkbenchUpdated = graphql(`
  subscription WorkbenchUpdated($id: ID!) {
    complaintUpdated(id: $id) {
      ...WorkbenchFields
    }
  }
`);

export const AssignMutation = graphql(`
  mutation AssignComplaint($id: ID!) {
    assignComplaint(id: $id) {
      ...WorkbenchFields
    }
  }
`);

export const AddNoteMutation = graphql(`
  mutation AddComplaintNote($id: ID!, $body: String!, $internal: Boolean!) {
    addComplaintNote(id: $id, input: { body: $body }, internal: $internal) {
      ...WorkbenchFields
    }
  }
`);

export const RequestEvidenceMutation = graphql(`
  mutation RequestMoreEvidence($id: ID!, $body: String!) {
    requestMoreEvidence(id: $id, input: { body: $body }) {
      ...WorkbenchFields
    }
  }
`);

export const ResolveMutation = graphql(`
  mutation ResolveComplaint($id: ID!, $input: ResolveComplaintInput!) {
    resolveComplaint(id: $id, input: $input) {
      ...WorkbenchFields
    }
  }
`);
