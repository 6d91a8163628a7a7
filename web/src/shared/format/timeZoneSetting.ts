import { isTimeZone, timeZone, TIME_ZONE_KEY } from './datetime';

// Only the desk's setting writes the zone: kept apart from the formatters every phone page loads.
/** Chooses the zone times are shown in, for this browser; an unknown name is refused. */
export function setTimeZone(zone: string): boolean {
  if (!isTimeZone(zone)) return false;
  timeZone.value = zone;
  try {
    localStorage.setItem(TIME_ZONE_KEY, zone);
  } catch {
    // Private mode: the choice lasts for this page.
  }
  return true;
}
