import type { AuthedContext } from '../common/context.js';
import type { ComplaintDeps } from '../complaints/complaint.deps.js';

/** What reviews/ needs from the process: a low rating may file a case, so complaints' parts. */
export type ReviewDeps = ComplaintDeps;

export type ReviewContext = AuthedContext<ReviewDeps>;
