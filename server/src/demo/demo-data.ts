import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '@parceldesk/shared';
import type { Logger } from 'pino';
import { hashPassword } from '../accounts/password.js';
import { User } from '../accounts/user.entity.js';

export const DEMO_PASSWORD = 'demo1234';

/** DESIGN §6: the demo cast. Phones are the logins; the password is the same for all. */
export const DEMO_LOGINS = [
  { key: 'buyer', role: Role.BUYER, phone: '13800000001', displayName: '买家小王' },
  { key: 'courier', role: Role.COURIER, phone: '13800000002', displayName: '派件员老李' },
  { key: 'merchant', role: Role.MERCHANT, phone: '13800000003', displayName: '优选水果店' },
  { key: 'agent', role: Role.AGENT, phone: '13800000004', displayName: '客服小张' },
  { key: 'buyer2', role: Role.BUYER, phone: '13800000005', displayName: '买家小陈' },
  { key: 'courier2', role: Role.COURIER, phone: '13800000006', displayName: '派件员小赵' },
] as const;

export type DemoKey = (typeof DEMO_LOGINS)[number]['key'];

/** Loads the demo data into a database that has no users yet; a used database is left alone. */
export async function seedDemoDataIfEmpty(em: EntityManager, logger: Logger): Promise<boolean> {
  if ((await em.count(User)) > 0) return false;
  await seedDemoData(em);
  logger.info('demo data loaded');
  return true;
}

export async function seedDemoData(em: EntityManager): Promise<Record<DemoKey, User>> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = {} as Record<DemoKey, User>;
  for (const login of DEMO_LOGINS) {
    users[login.key] = em.create(User, { role: login.role, phone: login.phone, displayName: login.displayName, passwordHash });
  }
  await em.flush();
  return users;
}
