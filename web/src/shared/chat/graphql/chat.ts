import { graphql } from '#shared/graphql/graphql';
import '#shared/graphql/fragments';

export const ChatMessageFields = graphql(`
  fragment ChatMessageFields on Message {
    id
    threadId
    seq
    kind
    body
    systemEvent
    createdAt
    clientMessageId
    author {
      id
      displayName
      role
    }
    photo {
      id
      url
      thumbnailUrl
    }
  }
`);

export const ChatThreadFields = graphql(`
  fragment ChatThreadFields on Thread {
    id
    kind
    shipmentId
    waybillNo
    shipmentStatus
    orderId
    orderNo
    lastSeq
    unreadCount
    otherReadSeq
    canWrite
    closedAt
    waitingSince
    lastMessageAt
    buyer {
      id
      displayName
    }
    courier {
      id
      displayName
    }
    lastAgent {
      id
      displayName
    }
    assignee {
      id
      displayName
    }
    lastMessage {
      ...ChatMessageFields
    }
  }
`);

export const ThreadQuery = graphql(`
  query ChatThread($id: ID!) {
    thread(id: $id) {
      ...ChatThreadFields
    }
  }
`);

export const MessagesQuery = graphql(`
  query ChatMessages($threadId: ID!, $afterSeq: Int, $beforeSeq: Int, $first: Int) {
    messages(threadId: $threadId, afterSeq: $afterSeq, beforeSeq: $beforeSeq, first: $first) {
      hasMore
      nodes {
        ...ChatMessageFields
      }
    }
  }
`);

export const MyThreadsQuery = graphql(`
  query MyThreads($first: Int, $after: String) {
    myThreads(first: $first, after: $after) {
      totalCount
      pageInfo { ...PageInfoFields }
      edges {
        node {
          ...ChatThreadFields
        }
      }
    }
  }
`);

export const SupportQueueQuery = graphql(`
  query SupportQueue($first: Int, $after: String) {
    supportQueue(first: $first, after: $after) {
      totalCount
      pageInfo { ...PageInfoFields }
      edges {
        node {
          ...ChatThreadFields
        }
      }
    }
  }
`);

export const SupportQueueChangedSubscription = graphql(`
  subscription SupportQueueChanged {
    supportQueueChanged {
      ...ChatThreadFields
    }
  }
`);

export const OpenThreadMutation = graphql(`
  mutation OpenThread($input: OpenThreadInput!) {
    openThread(input: $input) {
      id
    }
  }
`);

export const MarkThreadReadMutation = graphql(`
  mutation MarkThreadRead($threadId: ID!, $upToSeq: Int!) {
    markThreadRead(threadId: $threadId, upToSeq: $upToSeq) {
      id
      unreadCount
      otherReadSeq
    }
  }
`);

export const SetTypingMutation = graphql(`
  mutation SetTyping($threadId: ID!) {
    setTyping(threadId: $threadId)
  }
`);

export const MessageAddedSubscription = graphql(`
  subscription MessageAdded($threadId: ID!) {
    messageAdded(threadId: $threadId) {
      ...ChatMessageFields
    }
  }
`);

export const ThreadActivitySubscription = graphql(`
  subscription ThreadActivity($threadId: ID!) {
    threadActivity(threadId: $threadId) {
      threadId
      typing
      typingExpiresAt
      readUpToSeq
      user {
        id
        displayName
        role
      }
    }
  }
`);

/** A case named by its number (a support thread's SYSTEM message), to open its page. */
export const CaseIdQuery = graphql(`
  query ChatCaseId($caseNo: ID!) {
    complaint(id: $caseNo) {
      id
    }
  }
`);
