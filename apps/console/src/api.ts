import { SseParser, type SseEvent } from './sse-parser';

const TOKEN_KEY = 'govmetrics.console.token';

/** The bearer token lives in sessionStorage: gone with the tab, never in a cookie the browser would send by itself. */
export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token.trim()),
  signOut: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

/** A gateway answer that is not 2xx, with its status and the gateway's `error` code (unauthorized, forbidden, invalid_query…). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const authorization = (): Record<string, string> => {
  const token = session.token();
  return token ? { authorization: `Bearer ${token}` } : {};
};

async function refusal(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
  return new ApiError(response.status, body.error ?? `http_${response.status}`, body.message ?? response.statusText);
}

/** GET a gateway endpoint as the signed-in principal; the caller states the answer's type (the contracts' z.infer'red types). */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json', ...authorization() }, signal });
  if (!response.ok) throw await refusal(response);
  return (await response.json()) as T;
}

/** POST a JSON body as the signed-in principal; a refusal throws the gateway's own code and message. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', ...authorization() },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await refusal(response);
  return (await response.json()) as T;
}

export type StreamState = 'connecting' | 'open' | 'reconnecting';

export interface StreamHandlers {
  onEvent: (event: SseEvent) => void;
  onState: (state: StreamState, error?: ApiError | Error) => void;
}

const RETRY_MS = 1000;

/**
 * Follows an SSE endpoint with fetch (so the bearer token goes in a header), reconnecting a second after it drops
 * with `Last-Event-ID`, so that the gateway replays what was missed (or says `replay_gap`). A 401/403 is not retried:
 * another token is needed. Returns the function that closes it.
 */
export function followStream(path: string, handlers: StreamHandlers): () => void {
  const abort = new AbortController();
  let lastEventId: string | undefined;
  const tracked: StreamHandlers = {
    onState: handlers.onState,
    onEvent: (event) => {
      if (event.id !== undefined) lastEventId = event.id;
      handlers.onEvent(event);
    },
  };
  const run = async (): Promise<void> => {
    for (let attempt = 0; !abort.signal.aborted; attempt++) {
      handlers.onState(attempt === 0 ? 'connecting' : 'reconnecting');
      try {
        await readStream(path, abort.signal, tracked, lastEventId);
      } catch (error) {
        if (abort.signal.aborted) return;
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return handlers.onState('reconnecting', error);
        handlers.onState('reconnecting', error instanceof Error ? error : new Error(String(error)));
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  };
  void run();
  return () => abort.abort();
}

async function readStream(path: string, signal: AbortSignal, handlers: StreamHandlers, lastEventId: string | undefined): Promise<void> {
  const resume: Record<string, string> = lastEventId === undefined ? {} : { 'last-event-id': lastEventId };
  const response = await fetch(path, { headers: { accept: 'text/event-stream', ...authorization(), ...resume }, signal, cache: 'no-store' });
  if (!response.ok || !response.body) throw await refusal(response);
  handlers.onState('open');
  const parser = new SseParser();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error('the stream ended');
    parser.push(value).forEach(handlers.onEvent);
  }
}
