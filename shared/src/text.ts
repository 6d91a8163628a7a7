import { z } from './zod.js';

/**
 * Free text from forms, cleaned and checked one way for the form and the server.
 *
 * - Control characters (C0 except tab/line breaks, DEL, C1) are refused: no form needs them,
 *   PostgreSQL refuses NUL outright, and ESC sequences end up in logs and exports. Refusing
 *   (rather than deleting) tells the sender, and a pasted NUL is a bug or an attack, not a typo.
 * - Lone UTF-16 surrogates are refused: they cannot be stored as UTF-8 without being changed.
 * - Whitespace and invisible characters (zero-width spaces and joiners, BOM, bidi marks, soft
 *   hyphen, Hangul and braille fillers) are trimmed from both ends, so a field holding only
 *   invisible characters is empty and fails "required". Inside the text they stay: a zero-width
 *   joiner builds emoji, a bidi mark can be meant.
 * - Single-line fields get tabs and line breaks folded into one space (a paste from a
 *   spreadsheet); multi-line fields keep them.
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /\p{Cs}/u;
/** \s covers Unicode spaces and the BOM; \p{Cf} the zero-width and bidi format characters. */
const INVISIBLE = '[\\s\\p{Cf}\\u034F\\u115F\\u1160\\u17B4\\u17B5\\u2800\\u3164\\uFFA0]';
const INVISIBLE_ENDS = new RegExp(`^${INVISIBLE}+|${INVISIBLE}+$`, 'gu');
const LINE_BREAKS = /[\t\n\r]+/g;

export const CONTROL_CHARACTERS_MESSAGE = 'must not contain control characters';

/** Trims whitespace and invisible characters from both ends. */
export function trimInvisible(value: string): string {
  return value.replace(INVISIBLE_ENDS, '');
}

/** Whether the text holds a character no field accepts (see above). */
export function hasForbiddenCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value) || LONE_SURROGATE.test(value);
}

function text(max: number, multiline: boolean) {
  return z
    .string()
    .overwrite((value) => trimInvisible(multiline ? value : value.replace(LINE_BREAKS, ' ')))
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !hasForbiddenCharacters(value), CONTROL_CHARACTERS_MESSAGE);
}

/** One line of text (address, location, search): trimmed, folded to one line, at most `max`. */
export const singleLineText = (max: number) => text(max, false);

/** Text that may span lines (notes): trimmed, at most `max`. */
export const multiLineText = (max: number) => text(max, true);

/** A field that must hold something visible. */
export const requiredText = (schema: ReturnType<typeof text>) => schema.min(1, 'is required');
