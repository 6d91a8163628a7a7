import { graphql } from '#shared/graphql/graphql';

/**
 * The outbox's send (outboxSender.ts), apart from chat.ts: the app's live pieces load the sender on
 * every page, and importing chat.ts there split the chat pages' shared chunk in two (one more file
 * named in every landing's preload list). The fields are ChatMessageFields', written out for that
 * reason: an open thread merges the answer with the messages it holds.
 */
export const OutboxSendMutation = graphql(`
  mutation OutboxSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
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
  }
`);
