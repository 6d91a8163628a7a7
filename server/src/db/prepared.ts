import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A hot statement as a named prepared statement on the ORM's own pool, for the few statements
 * every chat message runs (the access check, the append, each process's event read).
 *
 * Why not `em.getConnection().execute(sql, params)`: MikroORM inlines the parameters into the SQL
 * text and sends it as a new simple query every time, so PostgreSQL parses and plans each one
 * afresh and the driver escapes the body client-side. A named statement is parsed and planned once
 * per pooled connection, then only bound and executed (less CPU on both sides, the point of the
 * chat bench). The statement is still logged through MikroORM's logger like any other, so tests
 * that count SQL statements see it.
 *
 * `name` must be unique per `text` (the driver refuses the same name with another text). Errors
 * are the driver's (code, constraint), as with raw `execute`.
 */
export interface PreparedStatement {
  name: string;
  text: string;
}

interface PooledClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

export async function runPrepared<T>(em: EntityManager, statement: PreparedStatement, values: unknown[]): Promise<T[]> {
  const knex = em.getConnection().getKnex();
  const started = Date.now();
  const client = (await knex.client.acquireConnection()) as PooledClient;
  let rows: unknown[];
  try {
    ({ rows } = await client.query({ name: statement.name, text: statement.text, values }));
  } catch (error) {
    log(em, statement, values, started, 'error');
    throw error;
  } finally {
    await knex.client.releaseConnection(client);
  }
  log(em, statement, values, started, 'info', rows.length);
  return rows as T[];
}

function log(em: EntityManager, statement: PreparedStatement, params: unknown[], started: number, level: 'info' | 'error', results?: number): void {
  const logger = em.config.getLogger();
  if (!logger.isEnabled('query')) return;
  logger.logQuery({ query: statement.text, params, took: Date.now() - started, results, level });
}

/** A statement written with `?` placeholders (as for `execute`), numbered for the driver: `$1`, `$2` … */
export function prepared(name: string, sql: string): PreparedStatement {
  let n = 0;
  return { name, text: sql.replace(/\?/g, () => `$${++n}`) };
}
