import type { SessionAnswer } from '@govmetrics/contracts';
import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api';

/** The signed-in token's subject, roles and admitted routes (`GET /v1/session`); undefined until read, or when it cannot be. */
export function useSession(): SessionAnswer | undefined {
  const [session, setSession] = useState<SessionAnswer>();
  useEffect(() => {
    const abort = new AbortController();
    // Unread, the page offers no action: the gateway would judge each call anyway.
    getJson<SessionAnswer>('/v1/session', abort.signal).then(setSession, () => undefined);
    return () => abort.abort();
  }, []);
  return session;
}

/** Whether the session's roles admit `route` (`METHOD /path` as the access matrix spells it). */
export const admits = (session: SessionAnswer | undefined, route: string): boolean => session?.routes.includes(route) ?? false;
