import type { EntityManager } from '@mikro-orm/postgresql';
import { onPooledConnection } from '../common/sql.js';

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

export async function runPrepared<T>(em: EntityManager, statement: PreparedStatement, values: unknown[]): Promise<T[]> {
  // The ORM's own type parsers here (unlike selectRows): callers read its timestamp strings.
  const { rows } = await onPooledConnection(em, statement.text, values, (client) =>
    client.query({ name: statement.name, text: statement.text, values }),
  );
  return rows as T[];
}

/** A statement written with `?` placeholders (as for `execute`), numbered for the driver: `$1`, `$2` … */
export function prepared(name: string, sql: string): PreparedStatement {
  let n = 0;
  return { name, text: sql.replace(/\?/g, () => `$${++n}`) };
}
