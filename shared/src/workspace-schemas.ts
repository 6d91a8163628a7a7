import { z } from 'zod';
import { multiLineText, requiredText, singleLineText } from './text.js';
import { WORKSPACE_LIMITS as L } from './workspace.js';

/** The agents' workspace forms (issue 17): the desk's forms and the server read these rules. */
const bulkIds = z.array(z.string()).min(1, 'pick at least one case').max(L.bulkMax, `at most ${L.bulkMax} cases at once`);

export const bulkAssignSchema = z.object({ ids: bulkIds, assigneeId: z.string().nullish() });
export const bulkNoteSchema = z.object({ ids: bulkIds, body: requiredText(multiLineText(1000)) });

export const macroSchema = z.object({
  id: z.string().nullish(),
  title: requiredText(singleLineText(L.macroTitleMaxLength)),
  body: requiredText(multiLineText(L.macroBodyMaxLength)),
  nextStep: z.enum(['REQUEST_EVIDENCE', 'PROPOSE_REFUND']).nullish(),
  expectedVersion: z.number().int().nullish(),
});
export type MacroFormInput = z.infer<typeof macroSchema>;
