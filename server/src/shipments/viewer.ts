import { Role } from '@parceldesk/shared';
import type { AuthedContext } from '../common/context.js';

/** Who is asking, as the access rules need it: plain data, no entity. */
export interface Viewer {
  id: string;
  role: Role;
  /** The store a MERCHANT runs; null for every other role. */
  merchantId: string | null;
}

const viewers = new WeakMap<object, Viewer>();

/**
 * The viewer of a request (or of one subscription), made once per context. A merchant's store
 * comes with the session (findActiveSession reads it in the same statement), so this costs no
 * statement and no promise for anyone.
 */
export function viewerOf(ctx: AuthedContext): Viewer {
  let viewer = viewers.get(ctx);
  if (!viewer) {
    const { id, role, merchantId } = ctx.user;
    viewer = { id, role, merchantId: role === Role.MERCHANT ? merchantId : null };
    viewers.set(ctx, viewer);
  }
  return viewer;
}

/** Runs `work` with the viewer, without a promise when the viewer is already known. */
export function withViewer<T>(ctx: AuthedContext, work: (viewer: Viewer) => T | Promise<T>): T | Promise<T> {
  return work(viewerOf(ctx));
}
