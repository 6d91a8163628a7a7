import type { AuthedContext } from '../common/context.js';
import type { ComplaintDeps } from '../complaints/complaint.deps.js';

/** What workspace/ needs from the process: bulk actions are complaints' own changes, so complaints' parts. */
export type WorkspaceDeps = ComplaintDeps;

export type WorkspaceContext = AuthedContext<WorkspaceDeps>;
