// Every entity, listed once for MikroORM: the composition root, above every feature.
import { Session } from './accounts/session.entity.js';
import { User } from './accounts/user.entity.js';

export const entities = [User, Session];
