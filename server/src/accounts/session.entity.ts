import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from './user.entity.js';

/**
 * A signed-in device. The token itself is never stored: only its SHA-256, so a copy of the
 * database cannot be replayed as sessions.
 */
@Entity({ tableName: 'sessions' })
export class Session {
  [OptionalProps]?: 'createdAt' | 'revokedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64, unique: true })
  tokenHash: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user: Rel<User>;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date' })
  expiresAt: Date;

  @Property({ type: 'Date', nullable: true })
  revokedAt: Date | null = null;

  constructor(user: User, tokenHash: string, expiresAt: Date) {
    this.user = user;
    this.tokenHash = tokenHash;
    this.expiresAt = expiresAt;
  }

  isActive(now = new Date()): boolean {
    return this.revokedAt === null && this.expiresAt > now;
  }
}
