import { shallowRef, type ShallowRef } from 'vue';

export type AlertApp = 'mobile' | 'desktop';
export interface AlertSettings {
  sound: boolean;
  vibrate: boolean;
}

/** Off on the desk (an office), vibration on for phones; each device keeps its own choice. */
const DEFAULTS: Record<AlertApp, AlertSettings> = {
  mobile: { sound: false, vibrate: true },
  desktop: { sound: false, vibrate: false },
};
const key = (app: AlertApp) => `parceldesk.alerts.${app}`;
const cache = new Map<AlertApp, ShallowRef<AlertSettings>>();

export function readAlertSettings(app: AlertApp, storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): AlertSettings {
  try {
    const saved = JSON.parse(storage?.getItem(key(app)) ?? 'null') as Partial<AlertSettings> | null;
    return { ...DEFAULTS[app], ...(saved && typeof saved === 'object' ? pick(saved) : {}) };
  } catch {
    return { ...DEFAULTS[app] }; // blocked or damaged storage
  }
}

function pick(saved: Partial<AlertSettings>): Partial<AlertSettings> {
  const out: Partial<AlertSettings> = {};
  if (typeof saved.sound === 'boolean') out.sound = saved.sound;
  if (typeof saved.vibrate === 'boolean') out.vibrate = saved.vibrate;
  return out;
}

/** This device's settings for the app, shared by the banner and the settings screen. */
export function useAlertSettings(app: AlertApp) {
  let settings = cache.get(app);
  if (!settings) {
    settings = shallowRef(readAlertSettings(app));
    cache.set(app, settings);
  }
  const held = settings;
  function update(change: Partial<AlertSettings>): void {
    held.value = { ...held.value, ...change };
    try {
      localStorage.setItem(key(app), JSON.stringify(held.value));
    } catch {
      // Storage blocked: the choice holds for this page only.
    }
  }
  return { settings: held, update };
}

let audio: AudioContext | null = null;

/** A short two-tone chime, made here (no sound file to download). */
export function chime(): void {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    for (const [offset, frequency] of [[0, 880], [0.12, 1320]] as const) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.12, now + offset);
      gain.gain.exponentialRampToValueAtTime(0.001, now + offset + 0.1);
      tone.connect(gain).connect(audio.destination);
      tone.start(now + offset);
      tone.stop(now + offset + 0.1);
    }
  } catch {
    // No audio (blocked until the user has interacted with the page): the banner still shows.
  }
}

/** Sound and vibration as this device's settings say. */
export function ring(settings: AlertSettings): void {
  if (settings.sound) chime();
  if (settings.vibrate && typeof navigator !== 'undefined' && 'vibrate' in navigator) navigator.vibrate(180);
}
