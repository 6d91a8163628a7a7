import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { ErrorCode, unknownMacroVariable, WORKSPACE_LIMITS, type MacroFormInput } from '@parceldesk/shared';
import { User } from '../accounts/user.entity.js';
import type { AuthedContext } from '../common/context.js';
import { DomainError, notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { Macro } from './macro.entity.js';

/** Canned replies, shared by every agent: anyone may add, edit or remove one. */
export class MacroService {
  constructor(private readonly ctx: AuthedContext) {}

  list(): Promise<Macro[]> {
    return this.ctx.em.find(Macro, {}, { orderBy: { title: 'asc', id: 'asc' }, limit: WORKSPACE_LIMITS.macrosMax });
  }

  async save(input: MacroFormInput): Promise<Macro> {
    const { em, user } = this.ctx;
    const unknown = unknownMacroVariable(input.body);
    if (unknown !== null) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `body: unknown variable {{${unknown}}}; use buyerName, waybill, caseNo or refundAmount`, {
        field: 'body',
        variable: unknown,
      });
    }
    let macro: Macro;
    if (input.id) {
      const found = isUuid(input.id) ? await em.findOne(Macro, input.id) : null;
      if (!found) throw notFound('Macro');
      if (input.expectedVersion != null && input.expectedVersion !== found.version) {
        throw new DomainError(ErrorCode.CONFLICT, `The reply "${found.title}" was changed by someone else; reload and try again`, { version: found.version });
      }
      macro = found;
      macro.title = input.title;
      macro.body = input.body;
      macro.nextStep = input.nextStep ?? null;
      macro.updatedBy = em.getReference(User, user.id, { wrapped: true });
      macro.updatedAt = new Date();
    } else {
      if ((await em.count(Macro)) >= WORKSPACE_LIMITS.macrosMax) {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, `title: at most ${WORKSPACE_LIMITS.macrosMax} replies`, { field: 'title' });
      }
      macro = new Macro({ title: input.title, body: input.body, nextStep: input.nextStep ?? null, author: em.getReference(User, user.id) });
      em.persist(macro);
    }
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, `title: "${input.title}" is already a reply's title`, { field: 'title' });
      }
      if (error instanceof OptimisticLockError) throw new DomainError(ErrorCode.CONFLICT, `The reply "${input.title}" was changed by someone else; reload and try again`);
      throw error;
    }
    return macro;
  }

  async remove(id: string): Promise<boolean> {
    const { em } = this.ctx;
    const macro = isUuid(id) ? await em.findOne(Macro, id) : null;
    if (!macro) throw notFound('Macro');
    await em.remove(macro).flush();
    return true;
  }
}
