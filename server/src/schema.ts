import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { AccountResolver } from './accounts/account.resolver.js';
import { UserResolver } from './accounts/user.resolver.js';
import { ChatResolver } from './chat/chat.resolver.js';
import { UnreadResolver } from './chat/unread.resolver.js';
import { SupportResolver } from './chat/support.resolver.js';
import { NotificationResolver } from './notifications/notification.resolver.js';
import { OrderLineResolver, OrderResolver } from './shipments/order.resolver.js';
import { DispatchResolver, ShipmentItemResolver, ShipmentResolver, TrackingEventResolver } from './shipments/shipment.resolver.js';
import { ComplaintEventResolver, ComplaintFieldsResolver, ComplaintNoteResolver, EvidenceResolver } from './complaints/complaint-fields.resolver.js';
import { ComplaintResolver } from './complaints/complaint.resolver.js';
import { AutoDecisionResolver } from './complaints/auto-decision.resolver.js';
import { PickupAlertResolver } from './shipments/pickup-alert.resolver.js';
import { OrderReviewResolver, ReviewResolver } from './reviews/review.resolver.js';
import { BuyerCasesResolver } from './complaints/buyer-cases.resolver.js';
import { CaseConversationResolver, CaseNotePhotosResolver } from './complaints/case-conversation.resolver.js';
import { ComplaintCourierPhotosResolver, CourierPhotoResolver, ShipmentCourierPhotosResolver } from './complaints/courier-photo.resolver.js';
import { WorkspaceResolver } from './workspace/workspace.resolver.js';
import { authChecker } from './common/auth-checker.js';
import { resolveFieldsDirectly } from './common/direct-resolvers.js';
import { validateWithZod } from './common/validation.js';
import { createLocalPubSub } from './realtime/pubsub.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  AccountResolver,
  UserResolver,
  OrderResolver,
  OrderLineResolver,
  ShipmentResolver,
  TrackingEventResolver,
  DispatchResolver,
  ShipmentItemResolver,
  NotificationResolver,
  ChatResolver,
  UnreadResolver,
  SupportResolver,
  ComplaintResolver,
  AutoDecisionResolver,
  PickupAlertResolver,
  ComplaintFieldsResolver,
  ComplaintNoteResolver,
  ComplaintEventResolver,
  EvidenceResolver,
  BuyerCasesResolver,
  CaseConversationResolver,
  CaseNotePhotosResolver,
  ReviewResolver,
  OrderReviewResolver,
  CourierPhotoResolver,
  ShipmentCourierPhotosResolver,
  ComplaintCourierPhotosResolver,
  WorkspaceResolver,
];

export async function buildAppSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    authChecker,
    // type-graphql's own "error" mode throws for a wrong role; the checker throws for no session.
    authMode: 'error',
    validateFn: validateWithZod,
    // Required by type-graphql once any @Subscription exists. Ours all pass `subscribe`, reading
    // from the Realtime pub/sub (LISTEN/NOTIFY), so this local instance never carries events.
    pubSub: createLocalPubSub(),
  });
  resolveFieldsDirectly(schema, resolvers);
  return schema;
}

/** The SDL committed as server/schema.graphql: sorted, so the diff shows only real changes. */
export function printAppSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
