import { LIMITS } from '@parceldesk/shared';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from './errors.js';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `1 to ${LIMITS.pageSizeMax}; default ${LIMITS.pageSizeDefault}` })
  first?: number;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page' })
  after?: string;
}

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay connection type per node type: `OrderConnection { edges { cursor node } pageInfo totalCount }`. */
export function ConnectionType<T extends object>(node: ClassType<T>) {
  @ObjectType(`${node.name}Edge`, { simpleResolvers: true })
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType({ simpleResolvers: true })
  abstract class ConnectionClass {
    @Field(() => [EdgeType])
    edges!: Edge<T>[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'All matching items, across pages' })
    totalCount!: number;
  }
  return ConnectionClass;
}

/**
 * Offset cursors: opaque to clients, simple to keep stable for lists ordered by
 * (time, id). A page is `limit` rows from `offset`; one extra row tells whether there is more.
 */
export interface PageWindow {
  offset: number;
  limit: number;
}

export function pageWindow(args: PageArgs): PageWindow {
  const limit = args.first ?? LIMITS.pageSizeDefault;
  if (!Number.isInteger(limit) || limit < 1 || limit > LIMITS.pageSizeMax) {
    throw badInput('first', `must be between 1 and ${LIMITS.pageSizeMax}`);
  }
  const offset = args.after ? decodeCursor(args.after) + 1 : 0;
  return { offset, limit };
}

/**
 * What cursorAt writes, and nothing else: `o:` and a plain decimal without leading zeros, at most
 * nine digits (far past any list we page through, far below what OFFSET accepts).
 */
const CURSOR_PAYLOAD = /^o:(0|[1-9][0-9]{0,8})$/;

/**
 * Reads a cursor strictly: only one this server wrote is accepted. Base64url decoding and Number()
 * are both lenient (stray characters are skipped; `1e20`, `0x10`, ` 16` are numbers), which let
 * `o:1e20` through to an OFFSET PostgreSQL cannot take; so the cursor must re-encode to itself and
 * its index a canonical decimal.
 */
function decodeCursor(cursor: string): number {
  const payload = Buffer.from(cursor, 'base64url').toString('utf8');
  const index = CURSOR_PAYLOAD.test(payload) ? Number(payload.slice(2)) : -1;
  if (index < 0 || cursorAt(index) !== cursor) throw badInput('after', 'is not a cursor from this list');
  return index;
}

function cursorAt(index: number): string {
  return Buffer.from(`o:${index}`).toString('base64url');
}

/** Builds the connection from `limit + 1` fetched rows. */
export function toConnection<T>(rows: T[], window: PageWindow, totalCount: number): Connection<T> {
  const page = rows.slice(0, window.limit);
  const edges = page.map((node, i) => ({ cursor: cursorAt(window.offset + i), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > window.limit, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

/**
 * A page read with `count(*) over () as total_count` beside its rows (one statement for page and
 * total). Past the last row the page is empty and carries no total, so `countAll` asks for it.
 */
export async function windowedConnection<T extends object>(rows: T[], window: PageWindow, countAll: () => Promise<number>): Promise<Connection<T>> {
  const counted = rows as (T & { totalCount?: unknown })[];
  const total = counted.length > 0 ? Number(counted[0]!.totalCount) : window.offset === 0 ? 0 : await countAll();
  // The rows keep their totalCount (no field reads it): deleting a property that is not the last
  // one added turns a row into a slow dictionary-mode object for every field read after.
  return toConnection(rows, window, total);
}
