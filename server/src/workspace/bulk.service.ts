import { ErrorCode } from '@parceldesk/shared';
import { DomainError } from '../common/errors.js';
import { DecisionService } from '../complaints/complaint.decisions.js';
import type { WorkspaceContext } from './workspace.deps.js';
import type { BulkRowResult } from './workspace.types.js';

/**
 * Bulk actions on the agents' queue: each row is its own change through the complaint's own
 * rules (one transaction per row, on its own unit of work), so a row the agent may not touch (a
 * decided or closed case, an id that is no case) is refused and reported while the others proceed.
 */
export class BulkService {
  constructor(private readonly ctx: WorkspaceContext) {}

  assign(ids: string[], assigneeId: string | null | undefined): Promise<BulkRowResult[]> {
    return this.each(ids, (service, id) => service.assign(id, assigneeId ?? null));
  }

  addInternalNote(ids: string[], body: string): Promise<BulkRowResult[]> {
    return this.each(ids, (service, id) => service.addNote(id, body, true));
  }

  private async each(ids: string[], work: (service: DecisionService, id: string) => Promise<unknown>): Promise<BulkRowResult[]> {
    const results: BulkRowResult[] = [];
    for (const id of [...new Set(ids)]) {
      // A unit of work per row: a refused row leaves nothing behind for the next one to flush.
      const rowCtx: WorkspaceContext = Object.create(this.ctx, { em: { value: this.ctx.em.fork() } });
      try {
        const done = (await work(new DecisionService(rowCtx), id)) as { caseNo?: string };
        results.push({ id, ok: true, caseNo: done.caseNo ?? null, code: null, message: null });
      } catch (error) {
        if (!(error instanceof DomainError)) {
          this.ctx.logger.error({ err: error, complaintId: id }, 'bulk action failed on a row');
          results.push({ id, ok: false, caseNo: null, code: 'INTERNAL_SERVER_ERROR', message: 'Could not be changed; try again' });
          continue;
        }
        // A refused assignee is the whole action's mistake, not one row's.
        if (error.code === ErrorCode.BAD_USER_INPUT && error.details.field === 'assigneeId') throw error;
        results.push({ id, ok: false, caseNo: null, code: error.code, message: error.message });
      }
    }
    return results;
  }
}
