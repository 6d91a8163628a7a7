import { Field, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../common/pagination.js';
import { Notification } from './notification.entity.js';

@ObjectType({ simpleResolvers: true })
export class NotificationConnection extends ConnectionType(Notification) {
  @Field(() => Int, { description: 'Unread notifications of the signed-in user, across pages' })
  unreadCount!: number;
}
