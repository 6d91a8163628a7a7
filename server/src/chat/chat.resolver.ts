import { Role } from '@parceldesk/shared';
import { Arg, Args, Authorized, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { ChatContext } from './chat.deps.js';
import { PageArgs } from '../common/pagination.js';
import { followActivity, followMessages, followSupportQueue } from './chat.live.js';
import { ChatService } from './chat.service.js';
import { Message, MessagePage, OpenThreadInput, SendMessageInput, Thread, ThreadActivity, ThreadConnection } from './chat.types.js';

const PEOPLE = [Role.BUYER, Role.COURIER, Role.AGENT];

/**
 * Mutations a chatting client may send over its live socket (ws-server.ts), saving an HTTP
 * request and a session lookup per message; they run through the same validation, request
 * budget and chat limits as over HTTP.
 */
export const CHAT_SOCKET_MUTATIONS: ReadonlySet<string> = new Set(['sendMessage', 'markThreadRead', 'setTyping']);

@Resolver(() => Thread)
export class ChatResolver {
  @Authorized(...PEOPLE)
  @Query(() => ThreadConnection, { description: 'The signed-in user’s threads, newest activity first' })
  myThreads(@Args() page: PageArgs, @Ctx() ctx: ChatContext) {
    return new ChatService(ctx).myThreads(page);
  }

  @Authorized(...PEOPLE)
  @Query(() => Thread, { description: 'One thread: its participants (or, for SUPPORT, any agent) only' })
  thread(@Arg('id', () => ID) id: string, @Ctx() ctx: ChatContext) {
    return new ChatService(ctx).thread(id);
  }

  @Authorized(...PEOPLE)
  @Query(() => MessagePage, {
    description: 'Catch-up: the messages after afterSeq, oldest first. History: the ones before beforeSeq. Neither: the latest.',
  })
  messages(
    @Arg('threadId', () => ID) threadId: string,
    @Arg('afterSeq', () => Int, { nullable: true }) afterSeq: number | null,
    @Arg('beforeSeq', () => Int, { nullable: true }) beforeSeq: number | null,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100; default 30' }) first: number | null,
    @Ctx() ctx: ChatContext,
  ) {
    return new ChatService(ctx).messages(threadId, { afterSeq, beforeSeq, first });
  }

  @Authorized(Role.AGENT)
  @Query(() => ThreadConnection, { description: 'Open support threads, the buyer waiting longest first, with who last answered' })
  supportQueue(@Args() page: PageArgs, @Ctx() ctx: ChatContext) {
    return new ChatService(ctx).supportQueue(page);
  }

  @Authorized(Role.BUYER, Role.COURIER)
  @Mutation(() => Thread, { description: 'The courier thread of a parcel, or the buyer’s support thread; made on first use' })
  openThread(@Arg('input') input: OpenThreadInput, @Ctx() ctx: ChatContext) {
    return new ChatService(ctx).openThread(input);
  }

  @Authorized(...PEOPLE)
  @Mutation(() => Message, { description: 'Idempotent on clientMessageId; RATE_LIMITED past 30 messages per 10 s per thread' })
  sendMessage(@Arg('input') input: SendMessageInput, @Ctx() ctx: ChatContext) {
    return new ChatService(ctx).sendMessage(input);
  }

  @Authorized(...PEOPLE)
  @Mutation(() => Thread, { description: 'Moves the read marker forward (never back, never past the last message)' })
  markThreadRead(@Arg('threadId', () => ID) threadId: string, @Arg('upToSeq', () => Int) upToSeq: number, @Ctx() ctx: ChatContext) {
    return new ChatService(ctx).markThreadRead(threadId, upToSeq);
  }

  @Authorized(...PEOPLE)
  @Mutation(() => Boolean, { description: 'Tells the other side the user is typing; it clears by itself after a few seconds' })
  setTyping(@Arg('threadId', () => ID) threadId: string, @Ctx() ctx: ChatContext) {
    return new ChatService(ctx).setTyping(threadId);
  }

  @Authorized(...PEOPLE)
  @Subscription(() => Message, {
    description: 'Each new message of the thread; after a reconnect fetch messages(afterSeq: the last seq held)',
    subscribe: ({ args, context }) => followMessages(context as ChatContext, args.threadId as string),
  })
  messageAdded(@Root() message: Message, @Arg('threadId', () => ID) _threadId: string) {
    return message;
  }

  @Authorized(...PEOPLE)
  @Subscription(() => ThreadActivity, {
    description: 'The other side typing, and how far it has read',
    subscribe: ({ args, context }) => followActivity(context as ChatContext, args.threadId as string),
  })
  threadActivity(@Root() activity: ThreadActivity, @Arg('threadId', () => ID) _threadId: string) {
    return activity;
  }

  @Authorized(Role.AGENT)
  @Subscription(() => Thread, {
    description: 'Agents: a support thread after each new message',
    subscribe: ({ context }) => followSupportQueue(context as ChatContext),
  })
  supportQueueChanged(@Root() thread: Thread) {
    return thread;
  }
}
