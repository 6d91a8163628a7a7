// Pieces of the chat bench (chat.ts) that the capacity bench (capacity.ts) shares: the chat data
// set, per-process CPU and memory from /proc, the embedded PostgreSQL's processes, and one
// operation over a graphql-ws socket.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from 'graphql-ws';
import type pg from 'pg';
import { hashSessionToken, newSessionToken } from '../dist/accounts/session-token.js';

export interface ChatFixture {
  threads: { id: string; buyerToken: string; courierToken: string }[];
  agentTokens: string[];
}

/**
 * Users, parcels held by couriers (ten parcels each), one courier thread per parcel, `agentCount`
 * agents, and a session for everyone.
 */
export async function seedChat(db: pg.Client, threadCount: number, agentCount: number): Promise<ChatFixture> {
  const ids = (n: number) => Array.from({ length: n }, () => randomUUID());
  const buyers = ids(threadCount);
  const couriers = ids(Math.max(1, Math.round(threadCount / 10)));
  const agents = ids(agentCount);
  const owner = randomUUID();
  const merchant = randomUUID();
  const users: [string, string, string][] = [
    ...buyers.map((id, i) => [id, 'BUYER', `150${String(i).padStart(8, '0')}`] as [string, string, string]),
    ...couriers.map((id, i) => [id, 'COURIER', `151${String(i).padStart(8, '0')}`] as [string, string, string]),
    ...agents.map((id, i) => [id, 'AGENT', `152${String(i).padStart(8, '0')}`] as [string, string, string]),
    [owner, 'MERCHANT', '15300000000'],
  ];
  await db.query(
    `insert into users (id, role, phone, display_name, password_hash, locale, created_at)
     select u.id::uuid, u.role::user_role, u.phone, 'bench ' || u.phone, 'x', 'zh-CN', now()
     from json_to_recordset($1) as u(id text, role text, phone text)`,
    [JSON.stringify(users.map(([id, role, phone]) => ({ id, role, phone })))],
  );
  await db.query(`insert into merchants (id, name, owner_id) values ($1, 'bench store', $2)`, [merchant, owner]);
  const threads: ChatFixture['threads'] = [];
  const tokens = new Map<string, string>();
  for (const id of [...buyers, ...couriers, ...agents]) tokens.set(id, newSessionToken());
  await db.query(
    `insert into sessions (id, token_hash, user_id, created_at, expires_at)
     select gen_random_uuid(), s.hash, s.user_id::uuid, now(), now() + interval '1 day' from json_to_recordset($1) as s(hash text, user_id text)`,
    [JSON.stringify([...tokens].map(([userId, token]) => ({ hash: hashSessionToken(token), user_id: userId })))],
  );
  const rows = buyers.map((buyer, i) => ({ buyer, courier: couriers[i % couriers.length]!, order: randomUUID(), shipment: randomUUID(), thread: randomUUID(), i }));
  await db.query(
    `with r as (select * from json_to_recordset($1) as r(buyer text, courier text, "order" text, shipment text, thread text, i int)),
     o as (insert into orders (id, order_no, buyer_id, merchant_id, shipping_address, created_at)
           select r."order"::uuid, 'BENCH' || r.i, r.buyer::uuid, $2::uuid, 'bench address', now() from r),
     s as (insert into shipments (id, order_id, waybill_no, carrier, status, courier_id, declared_weight_grams, version, created_at, updated_at)
           select r.shipment::uuid, r."order"::uuid, 'BW' || r.i, 'bench', 'OUT_FOR_DELIVERY', r.courier::uuid, 1000, 1, now(), now() from r)
     insert into threads (id, kind, shipment_id, buyer_id, last_seq, created_at)
     select r.thread::uuid, 'COURIER', r.shipment::uuid, r.buyer::uuid, 0, now() from r`,
    [JSON.stringify(rows), merchant],
  );
  for (const row of rows) threads.push({ id: row.thread, buyerToken: tokens.get(row.buyer)!, courierToken: tokens.get(row.courier)! });
  return { threads, agentTokens: agents.map((id) => tokens.get(id)!) };
}

export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN; // the process is gone (reported after the run)
  }
}

/** User + system CPU of a process so far, in ms (clock ticks are 10 ms on Linux). */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0; // gone meanwhile
  }
}

/** The embedded PostgreSQL's processes: the postmaster (named by postmaster.pid) and its children. */
export function postgresPids(dataDir: string): number[] {
  return withChildren(Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]));
}

/** One operation over a graphql-ws client: its single result. */
export function sendOverSocket(client: Client, operation: { query: string; variables: Record<string, unknown> }): Promise<{ errors?: readonly unknown[] }> {
  return new Promise((resolve, reject) => {
    let result: { errors?: readonly unknown[] } = {};
    client.subscribe(operation, {
      next: (value) => (result = value),
      error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error instanceof Error ? error : new Error(String(error)))),
      complete: () => resolve(result),
    });
  });
}

/** A process and its children (nginx's master and its worker), for their CPU together. */
export function withChildren(pid: number): number[] {
  const pids = [pid];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

