import { Role } from '@parceldesk/shared';
import type { AuthedContext } from '../common/context.js';
import { selectRows } from '../common/sql.js';

/** Who is asking, as the access rules need it: plain data, no entity. */
export interface Viewer {
  id: string;
  role: Role;
  /** The store a MERCHANT runs; null for every other role. */
  merchantId: string | null;
}

const viewers = new WeakMap<object, Viewer | Promise<Viewer>>();

/**
 * The viewer of a request (or of one subscription), worked out once: a merchant's store costs
 * one statement, other roles none. Synchronous once known, so relation fields add no promise.
 */
export function viewerOf(ctx: AuthedContext): Viewer | Promise<Viewer> {
  const known = viewers.get(ctx);
  if (known) return known;
  const { id, role } = ctx.user;
  if (role !== Role.MERCHANT) {
    const viewer: Viewer = { id, role, merchantId: null };
    viewers.set(ctx, viewer);
    return viewer;
  }
  const pending = selectRows<{ id: string }>(ctx.db, 'select id from merchants where owner_id = ?', [id]).then((rows) => {
    const viewer: Viewer = { id, role, merchantId: rows[0]?.id ?? null };
    viewers.set(ctx, viewer);
    return viewer;
  });
  viewers.set(ctx, pending);
  return pending;
}

/** Runs `work` with the viewer, without a promise when the viewer is already known. */
export function withViewer<T>(ctx: AuthedContext, work: (viewer: Viewer) => T | Promise<T>): T | Promise<T> {
  const viewer = viewerOf(ctx);
  return viewer instanceof Promise ? viewer.then(work) : work(viewer);
}
