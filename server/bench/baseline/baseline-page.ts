// What every hand-written root field shares: who asks, the page window and its Relay-style answer,
// rows grouped by a key for the batched to-many statements.

export interface BaselineContext {
  user: { id: string; role: string } | null;
  query<T extends object>(sql: string, params: unknown[]): Promise<T[]>;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export type Resolver = (root: unknown, args: any, ctx: BaselineContext) => Promise<unknown>;

export function viewer(ctx: BaselineContext, role: string) {
  if (!ctx.user) throw new Error('Sign in first');
  if (ctx.user.role !== role) throw new Error('Your role may not do this');
  return ctx.user;
}

export function window(args: PageArgs) {
  const limit = args.first ?? 20;
  const offset = args.after ? Number(Buffer.from(args.after, 'base64url').toString('utf8').slice(2)) + 1 : 0;
  return { limit, offset };
}

export function connection<T>(rows: (T & { total?: string })[], w: { limit: number; offset: number }, node: (row: T) => unknown) {
  const page = rows.slice(0, w.limit);
  const edges = page.map((row, i) => ({ cursor: Buffer.from(`o:${w.offset + i}`).toString('base64url'), node: node(row) }));
  return {
    totalCount: Number(rows[0]?.total ?? 0),
    pageInfo: { hasNextPage: rows.length > w.limit, endCursor: edges.at(-1)?.cursor ?? null },
    edges,
  };
}

export function group<T extends Record<K, string>, K extends keyof T>(rows: T[], key: K): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row[key]);
    if (list) list.push(row);
    else map.set(row[key], [row]);
  }
  return map;
}
