/** Every REST call goes to the same origin under this prefix (the API serves the web app). */
export const API_BASE = '/api';

/** True for a URL of our own API, relative or absolute on this origin. */
export function isApiUrl(url: string): boolean {
  if (url.startsWith(`${API_BASE}/`)) {
    return true;
  }
  try {
    const parsed = new URL(url);
    return parsed.origin === globalThis.location?.origin && parsed.pathname.startsWith(`${API_BASE}/`);
  } catch {
    return false;
  }
}
