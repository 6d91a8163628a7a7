// The bench's yardstick: a small plain graphql-js server (no type-graphql, no ORM, no Apollo)
// answering the web app's queries with hand-written SQL through `pg` on the same database, with
// the same session lookup (the token's SHA-256 in sessions). Documents are parsed and validated
// once and cached. It reads the database on every request, as ParcelDesk must.
import { buildSchema, execute, parse, validate, type DocumentNode, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { hashSessionToken } from '../../dist/accounts/session-token.js';
import { contextResolvers } from './baseline-context.js';
import { baselineResolvers, type BaselineContext } from './baseline-resolvers.js';

export interface BaselineServer {
  url: string;
  stop(): Promise<void>;
}

const SCHEMA_FILE = path.resolve(import.meta.dirname, '../../schema.graphql');

export function baselineSchema(): GraphQLSchema {
  const schema = buildSchema(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  const fields = schema.getQueryType()!.getFields();
  for (const [name, resolve] of Object.entries({ ...baselineResolvers, ...contextResolvers })) {
    if (!fields[name]) throw new Error(`baseline resolver ${name} is not a Query field`);
    fields[name].resolve = resolve as GraphQLFieldResolver<unknown, BaselineContext>;
  }
  return schema;
}

export async function startBaselineServer(options: {
  databaseUrl: string;
  port?: number;
  host?: string;
  /** Called per SQL statement (the bench counts them). */
  onQuery?: (sql: string) => void;
}): Promise<BaselineServer> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
  const query = async <T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T[]> => {
    options.onQuery?.(sql);
    return (await pool.query<T>(sql, params)).rows;
  };
  const schema = baselineSchema();
  const documents = new Map<string, { document: DocumentNode } | { errors: readonly unknown[] }>();

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/graphql')) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      answer(Buffer.concat(chunks).toString('utf8'), req.headers.authorization)
        .then((body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)))
        .catch((error: Error) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: error.message }] })));
    });
  });

  async function answer(raw: string, authorization: string | undefined) {
    const { query: text, variables, operationName } = JSON.parse(raw) as { query: string; variables?: Record<string, unknown>; operationName?: string };
    let cached = documents.get(text);
    if (!cached) {
      const document = parse(text);
      const errors = validate(schema, document);
      cached = errors.length ? { errors } : { document };
      documents.set(text, cached);
    }
    if ('errors' in cached) return { errors: cached.errors };
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : null;
    const [user] = token
      ? await query<{ id: string; role: string }>(
          `select u.id, u.role from sessions s join users u on u.id = s.user_id
            where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now()`,
          [hashSessionToken(token)],
        )
      : [];
    const contextValue: BaselineContext = { user: user ?? null, query };
    return execute({ schema, document: cached.document, variableValues: variables, operationName, contextValue });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  server.keepAliveTimeout = 60_000;
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}
