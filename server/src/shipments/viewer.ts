import type { Role } from '@parceldesk/shared';
import type { AuthedContext } from '../common/context.js';

/** Who is asking, as the access rules need it: plain data, no entity. */
export interface Viewer {
  id: string;
  role: Role;
  /** The store a MERCHANT runs; null for every other role. */
  merchantId: string | null;
}

/**
 * The viewer of a request (or of one subscription): the signed-in user itself, whose session
 * lookup read a merchant's store with it (null for every other role). No statement, no promise.
 */
export function viewerOf(ctx: AuthedContext): Viewer {
  return ctx.user;
}
