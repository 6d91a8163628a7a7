/** How an SLA's time left reads and how urgent it looks. */
export type SlaTone = 'over' | 'soon' | 'near' | 'ok' | 'paused';

export interface SlaLeft {
  tone: SlaTone;
  /** Minutes left (negative: over), null when paused. */
  minutes: number | null;
}

export function slaLeft(dueAt: string | null | undefined, now: number): SlaLeft {
  if (!dueAt) return { tone: 'paused', minutes: null };
  const minutes = Math.floor((Date.parse(dueAt) - now) / 60_000);
  const tone: SlaTone = minutes < 0 ? 'over' : minutes < 120 ? 'soon' : minutes < 480 ? 'near' : 'ok';
  return { tone, minutes };
}

/** "3 小时 20 分" style parts of a duration in minutes, for the locale's message. */
export function durationParts(minutes: number): { key: 'minutes' | 'hours' | 'days'; params: Record<string, number> } {
  const m = Math.abs(minutes);
  if (m < 60) return { key: 'minutes', params: { n: m } };
  if (m < 24 * 60) return { key: 'hours', params: { h: Math.floor(m / 60), m: m % 60 } };
  return { key: 'days', params: { d: Math.floor(m / 1440), h: Math.floor((m % 1440) / 60) } };
}
