import { formatCents } from '@parceldesk/shared';

type Translate = (key: string, params?: Record<string, unknown>) => string;

interface NoteIn {
  id: string;
  body: string;
  createdAt: string;
  author: { id: string; displayName: string; role: string };
  photos: readonly { id: string; url: string; thumbnailUrl: string }[];
}
interface EventIn {
  id: string;
  kind: string;
  detail?: string | null;
  createdAt: string;
}

/** One line of the case's single thread: someone's words (with photos), or what the system did. */
export interface ThreadEntry {
  id: string;
  at: string;
  /** 'me' (the buyer), 'AGENT', 'MERCHANT', or 'system'. */
  side: 'me' | 'AGENT' | 'MERCHANT' | 'system';
  who: string;
  text: string;
  photos: readonly { id: string; url: string; thumbnailUrl: string }[];
}

/** Steps the notes already say in words (a reply's own step), left out of the thread. */
const SAID_BY_NOTES = new Set(['NOTE_ADDED']);

/**
 * The buyer's case as one thread, oldest first: public notes (buyer, agent, store; internal notes
 * never reach the buyer) and the system's steps, each saying who.
 */
export function caseThread(input: { notes: readonly NoteIn[]; timeline: readonly EventIn[]; meId: string | null; locale: string }, t: Translate): ThreadEntry[] {
  const entries: ThreadEntry[] = [];
  for (const note of input.notes) {
    const mine = note.author.id === input.meId;
    const side = mine ? 'me' : note.author.role === 'MERCHANT' ? 'MERCHANT' : note.author.role === 'AGENT' ? 'AGENT' : 'me';
    const who = mine ? t('complaints.case.who.me') : t(`complaints.case.who.${side}`, { name: note.author.displayName });
    entries.push({ id: note.id, at: note.createdAt, side, who, text: note.body, photos: note.photos });
  }
  for (const event of input.timeline) {
    if (SAID_BY_NOTES.has(event.kind)) continue;
    entries.push({ id: event.id, at: event.createdAt, side: 'system', who: t('complaints.case.who.system'), text: eventText(event, input.locale, t), photos: [] });
  }
  // Stable: a note and the step it caused share a time; the step comes first.
  return entries.sort((a, b) => a.at.localeCompare(b.at) || Number(a.side !== 'system') - Number(b.side !== 'system'));
}

function eventText(event: EventIn, locale: string, t: Translate): string {
  const detail = event.detail ?? '';
  if (event.kind === 'RESOLVED') {
    const [kind, value] = detail.split(':');
    const step = t('complaints.event.RESOLVED');
    if (kind === 'REFUND' && value) return t('complaints.case.stepWith', { step, what: t('complaints.case.refund', { amount: formatCents(Number(value), locale) }) });
    if (kind === 'RESHIP') return t('complaints.case.stepWith', { step, what: t('complaints.case.reshipShort') });
    if (kind === 'REJECT') return t('complaints.case.stepWith', { step, what: t('complaints.status.REJECTED') });
  }
  if (event.kind === 'RESHIPMENT_WITHDRAWN') return t('complaints.event.RESHIPMENT_WITHDRAWN', { detail });
  return t(`complaints.event.${event.kind}`);
}
