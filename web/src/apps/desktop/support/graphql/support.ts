import { graphql } from '#shared/graphql/graphql';

export const CloseSupportThreadMutation = graphql(`
  mutation CloseSupportThread($threadId: ID!) {
    closeSupportThread(threadId: $threadId) {
      ...ChatThreadFields
    }
  }
`);

export const AssignSupportThreadMutation = graphql(`
  mutation AssignSupportThread($threadId: ID!, $assigneeId: ID) {
    assignSupportThread(threadId: $threadId, assigneeId: $assigneeId) {
      id
      assignee {
        id
        displayName
      }
    }
  }
`);
