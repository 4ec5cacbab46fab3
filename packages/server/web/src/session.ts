import { api } from './api.js';

/** Who the visitor is to the API: a bearer token kept for this tab only (sessionStorage). */
export interface Session {
  readonly token: string;
  readonly userId: string;
  readonly expiresAt: string;
}

const KEY = 'boxoffice.session';
/** Tokens this close to expiry are treated as gone: a hold would fail half-way. */
const EXPIRY_MARGIN_MS = 60_000;

export function currentSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    if (typeof session.token !== 'string' || Date.parse(session.expiresAt) - EXPIRY_MARGIN_MS < Date.now()) return undefined;
    return session;
  } catch {
    return undefined;
  }
}

/** "Continue as guest": the server mints a short-lived user token (only where it enables guests). */
export async function signInAsGuest(): Promise<Session> {
  const answer = await api<{ token: string; userId: string; expiresAt: string }>('/auth/guest', { method: 'POST' });
  const session: Session = { token: answer.token, userId: answer.userId, expiresAt: answer.expiresAt };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

/** A token pasted by the visitor (deployments without guests: `boxoffice auth token --user …`). */
export function useToken(token: string): Session {
  const payload = token.split('.')[1] ?? '';
  let claims: { sub?: string; exp?: number } = {};
  try {
    claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as typeof claims;
  } catch {
    throw new Error('That does not look like a BoxOffice token (bo1.<payload>.<signature>).');
  }
  const session: Session = { token, userId: claims.sub ?? 'unknown', expiresAt: new Date((claims.exp ?? 0) * 1000).toISOString() };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}
