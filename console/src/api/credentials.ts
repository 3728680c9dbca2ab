/**
 * Who the console signs as, and where it sends requests. Kept in this
 * browser's localStorage; locally prefilled with the default local key
 * (test/test) and the page's own origin, which is Berth's endpoint when
 * `npm start` serves the console.
 */
export interface Settings {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const KEY = 'berth.console.settings';

export function defaultSettings(): Settings {
  return { endpoint: location.origin, region: 'us-east-1', accessKeyId: 'test', secretAccessKey: 'test' };
}

export function loadSettings(): Settings {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Settings> | null;
    return { ...defaultSettings(), ...(saved ?? {}) };
  } catch {
    return defaultSettings();
  }
}

/** Dispatched on window after the settings change, so what shows them (the header) follows. */
export const SETTINGS_CHANGED = 'berth:settings-changed';

export function saveSettings(s: Settings): void {
  localStorage.setItem(KEY, JSON.stringify(s));
  window.dispatchEvent(new Event(SETTINGS_CHANGED));
}
