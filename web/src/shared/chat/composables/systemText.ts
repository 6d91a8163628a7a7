import { ChatSystemEvent, waitInWords } from '@parceldesk/shared';

/**
 * The `{detail}` of a SYSTEM message in the viewer's language: the support acknowledgement carries
 * the expected wait in minutes, put into words here; every other event's body is shown as it is.
 */
export function systemDetail(event: string | null | undefined, body: string, locale: string): string {
  if (event === ChatSystemEvent.SUPPORT_ACKNOWLEDGED && /^\d+$/.test(body)) return waitInWords(Number(body), locale === 'en' ? 'en' : 'zh-CN');
  return body;
}
