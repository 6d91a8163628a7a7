/**
 * The agents' workspace (issue 17): queue views, canned replies (macros) and their variables,
 * search input. Pure: the desk renders a macro with the case it is used on, the server checks a
 * macro's variables when it is saved.
 */

/** The queue's views; each has a live count. ALL keeps decided and closed cases findable. */
export const DeskView = {
  MINE: 'MINE',
  UNASSIGNED: 'UNASSIGNED',
  OVERDUE: 'OVERDUE',
  AWAITING_BUYER: 'AWAITING_BUYER',
  DISPUTED: 'DISPUTED',
  ALL: 'ALL',
} as const;
export type DeskView = (typeof DeskView)[keyof typeof DeskView];
export const DESK_VIEWS: readonly DeskView[] = ['MINE', 'UNASSIGNED', 'OVERDUE', 'AWAITING_BUYER', 'DISPUTED', 'ALL'];

/** What a macro may also do to the case besides inserting its text. */
export const MacroNextStep = {
  REQUEST_EVIDENCE: 'REQUEST_EVIDENCE',
  PROPOSE_REFUND: 'PROPOSE_REFUND',
} as const;
export type MacroNextStep = (typeof MacroNextStep)[keyof typeof MacroNextStep];

/** The variables a macro's body may use, written `{{name}}`. */
export const MACRO_VARIABLES = ['buyerName', 'waybill', 'caseNo', 'refundAmount'] as const;
export type MacroVariable = (typeof MACRO_VARIABLES)[number];

export const WORKSPACE_LIMITS = {
  macroTitleMaxLength: 40,
  macroBodyMaxLength: 1000,
  macrosMax: 200,
  /** Rows one bulk action takes. */
  bulkMax: 50,
  searchMaxLength: 64,
  searchResultsMax: 20,
  /** How long "正在回复" lasts after the last keystroke unless renewed. */
  replyingSeconds: 8,
} as const;

/**
 * The support acknowledgement's expected wait: the median time agents took to answer the last
 * `waitSample` acknowledged buyers (of the last `waitWindowDays` days), within `waitMinMinutes` ..
 * `waitMaxMinutes`; `waitDefaultMinutes` while there is no such history.
 */
export const SUPPORT_WAIT = {
  waitSample: 50,
  waitWindowDays: 7,
  waitDefaultMinutes: 5,
  waitMinMinutes: 1,
  waitMaxMinutes: 24 * 60,
} as const;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The variable names a body uses, in order of first use. */
export function macroVariablesOf(body: string): string[] {
  const seen: string[] = [];
  for (const match of body.matchAll(PLACEHOLDER)) if (!seen.includes(match[1]!)) seen.push(match[1]!);
  return seen;
}

/** The first variable a body uses that is not one of MACRO_VARIABLES, or null. */
export function unknownMacroVariable(body: string): string | null {
  return macroVariablesOf(body).find((name) => !(MACRO_VARIABLES as readonly string[]).includes(name)) ?? null;
}

/** The body with each known variable replaced; a value not known for this case stays visible as `{{name}}`. */
export function renderMacro(body: string, values: Partial<Record<MacroVariable, string | null | undefined>>): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => {
    const value = (values as Record<string, string | null | undefined>)[name];
    return value == null || value === '' ? whole : value;
  });
}

/** How a search string is read: a whole phone number matches only that phone (never a part of one). */
export function searchKind(query: string): 'PHONE' | 'CASE_NO' | 'TEXT' {
  if (/^1\d{10}$/.test(query)) return 'PHONE';
  if (/^C\d{8}[0-9A-F]{6}$/i.test(query)) return 'CASE_NO';
  return 'TEXT';
}

/** "about 5 minutes" style wait in words, for the support auto-acknowledgement (minutes). */
export function waitInWords(minutes: number, locale: 'zh-CN' | 'en'): string {
  const m = Math.max(1, Math.round(minutes));
  if (locale === 'en') return m < 60 ? `about ${m} minute${m === 1 ? '' : 's'}` : `about ${Math.round(m / 60)} hour${Math.round(m / 60) === 1 ? '' : 's'}`;
  return m < 60 ? `约 ${m} 分钟` : `约 ${Math.round(m / 60)} 小时`;
}
