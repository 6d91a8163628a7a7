import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';

/**
 * Reads that skip entity hydration: one SQL statement on a connection of the ORM's pool, with
 * real bind parameters (MikroORM's `execute` inlines values into the text and cannot bind
 * arrays), logged through the ORM's query logger so the statement counters of tests and bench
 * see it. Rows come back as plain camelCase objects. Write `?` placeholders; arrays bind as
 * PostgreSQL arrays (`= any(?::uuid[])`). Not for use inside a write transaction.
 */
export function selectRows<T>(em: EntityManager, sql: string, params: readonly unknown[]): Promise<T[]> {
  return selectSplitRows(em, sql, params, '', (own) => own as T);
}

/** A row's columns split by prefix: its own, and one object per prefix letter (`o_order_no` → `o.orderNo`). */
export type EmbeddedRows = Record<string, Record<string, unknown> | undefined>;
const NOTHING_EMBEDDED: EmbeddedRows = Object.freeze({});

/**
 * selectRows for statements that join to-one relations under prefixed aliases (`o_order_no`,
 * `c_display_name`): each row's own columns and each prefix's columns are built as separate
 * objects straight from the driver's array, then handed to `build` (one object per part, no
 * intermediate row; names worked out once per column, not per row). A prefix is one letter of
 * `prefixes` followed by `_`; with no prefixes every column is the row's own (selectRows).
 */
export async function selectSplitRows<T>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[],
  prefixes: string,
  build: (own: Record<string, any>, embedded: EmbeddedRows) => T,
): Promise<T[]> {
  const { rows, fields } = await queryArrays(em, sql, params);
  if (rows.length === 0) return [];
  const targets = fields.map((field) => splitTarget(field.name, prefixes));
  const out = new Array<T>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const source = rows[r]!;
    const own: Record<string, unknown> = {};
    let embedded: EmbeddedRows | undefined;
    for (let c = 0; c < targets.length; c++) {
      const { prefix, name } = targets[c]!;
      if (prefix === null) own[name] = source[c];
      else ((embedded ??= {})[prefix] ??= {})[name] = source[c];
    }
    out[r] = build(own, embedded ?? NOTHING_EMBEDDED);
  }
  return out;
}

function queryArrays(em: EntityManager, sql: string, params: readonly unknown[]): Promise<pg.QueryArrayResult> {
  const text = numbered(sql);
  // pg's own parsers: MikroORM's connections keep timestamps as strings, rows want Dates.
  // Rows as arrays: the camelCase objects built from them are then the only ones per row.
  return onPooledConnection(em, text, params, (client) =>
    client.query({ name: statementName(text), text, values: params as unknown[], types: pg.types, rowMode: 'array' }),
  );
}

/**
 * Runs one statement on a connection borrowed from the ORM's pool (returned at once, also on
 * error) and logs it through MikroORM's query logger like its own statements, so the statement
 * counters of tests and bench see it; a failed one is logged with its parameters at level error.
 */
export async function onPooledConnection<R extends { rows: unknown[] }>(
  em: EntityManager,
  text: string,
  params: readonly unknown[],
  run: (client: pg.Client) => Promise<R>,
): Promise<R> {
  const pool = em.getConnection().getKnex().client as { acquireConnection(): Promise<pg.Client>; releaseConnection(c: pg.Client): Promise<void> };
  const logger = em.config.getLogger();
  const started = Date.now();
  const client = await pool.acquireConnection();
  let result: R;
  try {
    result = await run(client);
  } catch (error) {
    if (logger.isEnabled('query')) logger.logQuery({ query: text, params: params as unknown[], took: Date.now() - started, level: 'error' });
    throw error;
  } finally {
    await pool.releaseConnection(client);
  }
  if (logger.isEnabled('query')) logger.logQuery({ query: text, took: Date.now() - started, results: result.rows.length, level: 'info' });
  return result;
}

const splitTargets = new Map<string, { prefix: string | null; name: string }>();

/** Where a column goes, worked out once per column name and prefix set. */
function splitTarget(column: string, prefixes: string): { prefix: string | null; name: string } {
  const key = `${prefixes}|${column}`;
  let target = splitTargets.get(key);
  if (target === undefined) {
    const prefixed = column.length > 2 && column[1] === '_' && prefixes.includes(column[0]!);
    target = prefixed ? { prefix: column[0]!, name: camel(column.slice(2)) } : { prefix: null, name: camel(column) };
    if (splitTargets.size < 10_000) splitTargets.set(key, target);
  }
  return target;
}

const statementNames = new Map<string, string>();
/** Distinct statement texts prepared per connection; past this, texts run unnamed (parsed each time). */
const MAX_PREPARED = 1000;

/**
 * Every read runs as a named prepared statement: PostgreSQL parses and plans it once per pooled
 * connection, then only binds and executes it (for these small indexed reads, planning was a
 * good part of the database's CPU per request). The texts are the code's own, with values bound,
 * so there are a few hundred at most; the cap keeps an unforeseen variety from growing without end.
 * Select named columns, not `*`: a prepared `*` would fail after a migration adds a column.
 */
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_PREPARED) {
    name = `pd_read_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

const numberedTexts = new Map<string, string>();

/** `?` → `$1, $2…`, worked out once per statement text. */
function numbered(sql: string): string {
  let text = numberedTexts.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    if (numberedTexts.size < 10_000) numberedTexts.set(sql, text);
  }
  return text;
}

const camelNames = new Map<string, string>();

function camel(column: string): string {
  let name = camelNames.get(column);
  if (name === undefined) {
    name = column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    camelNames.set(column, name);
  }
  return name;
}

/** Groups rows by a key, keeping their order: the shape a batch loader hands back per parent. */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
