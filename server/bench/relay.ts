// The bench baseline (issue 6): a bare graphql-ws + LISTEN/NOTIFY relay with the chat contract
// and nothing else — session lookup, membership, idempotency on clientMessageId, per-thread seq,
// insert and NOTIFY in one statement, one read per event per process. Same tables, same GraphQL
// names as ParcelDesk, so the bench drives both the same way. Not part of the product.
//   DATABASE_URL=… PORT=0 node dist-bench/relay.js   (prints "RELAY: http://…")
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema, execute, parse, validate, type DocumentNode, type GraphQLField } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { WebSocketServer } from 'ws';

interface Viewer { id: string; role: string }
interface MessageRow { id: string; threadId: string; seq: number; body: string; authorId: string | null }

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const CHANNEL = 'relay_events';
const local = createPubSub<Record<string, [threadId: string, message: MessageRow]>>();

const schema = buildSchema(`
  type Message { id: ID! threadId: ID! seq: Int! body: String! }
  input SendMessageInput { threadId: ID! clientMessageId: String! body: String! }
  type Query { ok: Boolean }
  type Mutation { sendMessage(input: SendMessageInput!): Message }
  type Subscription { messageAdded(threadId: ID!): Message }
`);

async function viewerOf(token: string | undefined): Promise<Viewer | null> {
  if (!token) return null;
  const hash = createHash('sha256').update(token).digest('hex');
  const { rows } = await pool.query<Viewer>(
    `select u.id, u.role from sessions s join users u on u.id = s.user_id where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now()`,
    [hash],
  );
  return rows[0] ?? null;
}

async function member(viewer: Viewer, threadId: string): Promise<boolean> {
  const { rows } = await pool.query<{ buyer_id: string; courier_id: string | null }>(
    'select t.buyer_id, s.courier_id from threads t left join shipments s on s.id = t.shipment_id where t.id = $1',
    [threadId],
  );
  return !!rows[0] && (rows[0].buyer_id === viewer.id || rows[0].courier_id === viewer.id);
}

const mutation = schema.getMutationType()!.getFields().sendMessage as GraphQLField<unknown, { viewer: Viewer | null }>;
mutation.resolve = async (_root, args: any, { viewer }) => {
  const { threadId, clientMessageId, body } = args.input as { threadId: string; clientMessageId: string; body: string };
  if (!viewer || !(await member(viewer, threadId))) throw new Error('NOT_FOUND');
  const text = body.trim();
  if (!text || text.length > 2000) throw new Error('BAD_USER_INPUT');
  try {
    const { rows } = await pool.query<MessageRow>(
      `with t as (update threads set last_seq = last_seq + 1, last_message_at = now() where id = $1 returning id, last_seq),
       m as (insert into messages (id, thread_id, seq, kind, author_id, body, client_message_id, created_at)
             select $2, t.id, t.last_seq, 'TEXT', $3, $4, $5, now() from t returning id, thread_id, seq, body)
       select m.id, m.thread_id as "threadId", m.seq, m.body, pg_notify($6, m.thread_id || ':' || m.id) from m`,
      [threadId, randomUUID(), viewer.id, text, clientMessageId, CHANNEL],
    );
    return rows[0];
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    const { rows } = await pool.query<MessageRow>(
      'select id, thread_id as "threadId", seq, body from messages where thread_id = $1 and author_id = $2 and client_message_id = $3',
      [threadId, viewer.id, clientMessageId],
    );
    return rows[0];
  }
};

const subscription = schema.getSubscriptionType()!.getFields().messageAdded as GraphQLField<MessageRow, { viewer: Viewer | null }>;
subscription.subscribe = async (_root, args: any, { viewer }) => {
  if (!viewer || !(await member(viewer, args.threadId))) throw new Error('NOT_FOUND');
  return local.subscribe('message', args.threadId);
};
subscription.resolve = (message) => message;

// One LISTEN connection; one read per event, shared by this process's subscribers.
const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
await listener.connect();
listener.on('notification', async ({ payload }) => {
  const [threadId, id] = (payload ?? '').split(':');
  const { rows } = await pool.query<MessageRow>('select id, thread_id as "threadId", seq, body, author_id as "authorId" from messages where id = $1', [id]);
  if (rows[0]) local.publish('message', threadId!, rows[0]);
});
await listener.query(`LISTEN ${CHANNEL}`);

// Parsed and validated documents are cached: re-parsing dominated such a relay's CPU.
const documents = new Map<string, DocumentNode>();
function document(source: string): DocumentNode {
  let doc = documents.get(source);
  if (!doc) {
    doc = parse(source);
    const errors = validate(schema, doc);
    if (errors.length) throw errors[0];
    documents.set(source, doc);
  }
  return doc;
}

const server = http.createServer((req, res) => {
  if (req.method !== 'POST') return void res.writeHead(404).end();
  let raw = '';
  req.on('data', (chunk) => (raw += chunk));
  req.on('end', async () => {
    try {
      const { query, variables } = JSON.parse(raw) as { query: string; variables?: Record<string, unknown> };
      const token = req.headers.authorization?.replace(/^Bearer /, '');
      const result = await execute({ schema, document: document(query), variableValues: variables, contextValue: { viewer: await viewerOf(token) } });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    } catch (error) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(error) }] }));
    }
  });
});
const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 64 * 1024 });
useServer(
  {
    schema,
    onConnect: async (ctx) => {
      const viewer = await viewerOf((ctx.connectionParams as { authToken?: string } | undefined)?.authToken);
      (ctx.extra as { viewer?: Viewer | null }).viewer = viewer;
      return !!viewer;
    },
    context: (ctx) => ({ viewer: (ctx.extra as { viewer?: Viewer | null }).viewer ?? null }),
  },
  wss,
);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`RELAY: http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => {
  wss.close();
  server.close();
  void listener.end();
  void pool.end().finally(() => process.exit(0));
});
