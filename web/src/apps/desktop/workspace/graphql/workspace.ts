import { graphql } from '#shared/graphql/graphql';

export const DeskSearchQuery = graphql(`
  query DeskSearch($query: String!) {
    deskSearch(query: $query) {
      kind
      id
      label
      status
      buyerName
      buyerMaskedPhone
      orderNo
      complaintId
      threadId
    }
  }
`);

export const ComplaintViewsQuery = graphql(`
  query ComplaintViews {
    complaintViews {
      view
      count
    }
  }
`);

export const DeskAgentsQuery = graphql(`
  query DeskAgents {
    deskAgents {
      id
      displayName
    }
  }
`);

export const BulkAssignMutation = graphql(`
  mutation BulkAssignComplaints($input: BulkAssignInput!) {
    bulkAssignComplaints(input: $input) {
      id
      ok
      caseNo
      code
    }
  }
`);

export const BulkNoteMutation = graphql(`
  mutation BulkAddInternalNote($input: BulkNoteInput!) {
    bulkAddInternalNote(input: $input) {
      id
      ok
      caseNo
      code
    }
  }
`);

export const MacroFields = graphql(`
  fragment MacroFields on Macro {
    id
    title
    body
    nextStep
    version
  }
`);

export const MacrosQuery = graphql(`
  query Macros {
    macros {
      ...MacroFields
    }
  }
`);

export const SaveMacroMutation = graphql(`
  mutation SaveMacro($input: MacroInput!) {
    saveMacro(input: $input) {
      ...MacroFields
    }
  }
`);

export const DeleteMacroMutation = graphql(`
  mutation DeleteMacro($id: ID!) {
    deleteMacro(id: $id)
  }
`);

export const DeskPresenceSubscription = graphql(`
  subscription DeskPresence($targetId: ID!) {
    deskPresence(targetId: $targetId) {
      targetId
      agents {
        id
        displayName
        activity
      }
    }
  }
`);

export const SetDeskActivityMutation = graphql(`
  mutation SetDeskActivity($targetId: ID!, $activity: DeskActivity!) {
    setDeskActivity(targetId: $targetId, activity: $activity)
  }
`);

export const CustomerContextFields = graphql(`
  fragment CustomerContextFields on CustomerContext {
    buyerId
    buyerName
    buyerMaskedPhone
    caseCount
    refundedTotalCents
    storeName
    storeOrders
    storeCases
    orders {
      id
      orderNo
      storeName
      totalCents
      createdAt
      parcels {
        id
        waybillNo
        carrier
        status
        courierName
        expectedGrams
        pickupWeightGrams
        threadId
        scans {
          status
          location
          measuredWeightGrams
          occurredAt
        }
      }
    }
    previousCases {
      id
      caseNo
      status
      resolutionKind
      refundCents
      orderNo
      createdAt
    }
    transcripts {
      threadId
      kind
      waybillNo
      messages {
        id
        seq
        body
        systemEvent
        authorName
        authorRole
        createdAt
      }
    }
  }
`);

export const CaseContextQuery = graphql(`
  query CaseContext($complaintId: ID, $threadId: ID) {
    customerContext(complaintId: $complaintId, threadId: $threadId) {
      ...CustomerContextFields
    }
  }
`);
