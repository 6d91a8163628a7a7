import { Role } from '@parceldesk/shared';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Resolver, Root } from 'type-graphql';
import { selectionTree } from '../common/selection.js';
import { CaseDispute, CaseReplyInput, NotePhoto } from './case-conversation.types.js';
import { CaseConversationService } from './case-conversation.service.js';
import { ComplaintNote } from './complaint-note.entity.js';
import type { ComplaintContext } from './complaint.deps.js';
import { Complaint } from './complaint.entity.js';
import type { ComplaintNoteRow, ComplaintRow } from './complaint.reads.js';

/** The case conversation (issue 16): buyer replies with photos, the dispute's reason, photos beside words. */
@Resolver(() => Complaint)
export class CaseConversationResolver {
  @Authorized(Role.BUYER)
  @Mutation(() => Complaint, { description: 'The buyer writes on an open case, with photos (补充凭证) or without; an AWAITING_BUYER case returns to IN_REVIEW' })
  replyToComplaint(@Arg('id', () => ID) id: string, @Arg('input') input: CaseReplyInput, @Ctx() ctx: ComplaintContext, @Info() info: GraphQLResolveInfo) {
    return new CaseConversationService(ctx).reply(id, input, selectionTree(info));
  }

  @FieldResolver(() => CaseDispute, { nullable: true, description: 'Why the buyer disputed the decision (agents show it first); null when never disputed' })
  dispute(@Root() complaint: Complaint | ComplaintRow): CaseDispute | null {
    if (!complaint.disputeReason || !complaint.disputedAt) return null;
    return { reason: complaint.disputeReason as CaseDispute['reason'], comment: complaint.disputeComment, at: complaint.disputedAt };
  }
}

@Resolver(() => ComplaintNote)
export class CaseNotePhotosResolver {
  @FieldResolver(() => [NotePhoto], { description: 'Photos sent with these words; the addresses answer those who may see the case' })
  photos(@Root() note: ComplaintNote | ComplaintNoteRow): NotePhoto[] {
    return (note.photoIds ?? []).map((id) => ({ id, url: `/evidence/${id}`, thumbnailUrl: `/evidence/${id}/thumb` }));
  }
}
