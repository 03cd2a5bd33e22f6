import { firstArrival } from './first-arrival';

/** One server-sent event as the wire carried it; `data` is parsed as JSON. */
export interface ServerSentEvent {
  id?: string;
  type: string;
  data: unknown;
  /** `performance.now()` when the event was parsed off the wire, for latency measurements. */
  receivedAt: number;
}

/** Splits an SSE body into events (fields `id`, `event`, `data`; a blank line ends an event; `:` lines are comments). */
function parseEvent(block: string): ServerSentEvent | undefined {
  const fields = { id: undefined as string | undefined, type: 'message', data: [] as string[] };
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'id') fields.id = value;
    else if (name === 'event') fields.type = value;
    else if (name === 'data') fields.data.push(value);
  }
  if (fields.data.length === 0) return undefined;
  return { id: fields.id, type: fields.type, data: JSON.parse(fields.data.join('\n')), receivedAt: performance.now() };
}

/** A client of an SSE endpoint, as a dashboard is: collects every event from the moment it connects. */
export class ServerSentEvents {
  readonly events: ServerSentEvent[] = [];
  private reading?: Promise<void>;
  private ended?: string;

  private constructor(
    readonly headers: Headers,
    private readonly abort: AbortController,
  ) {}

  static async connect(url: string, headers: Record<string, string> = {}): Promise<ServerSentEvents> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    if (response.status !== 200 || !response.body) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
    const stream = new ServerSentEvents(response.headers, abort);
    stream.reading = stream.read(response.body);
    return stream;
  }

  /** The first event (in arrival order) `accept` takes; rejects with what arrived when none did in time or the stream ended. */
  until(accept: (event: ServerSentEvent) => boolean, timeoutMs = 60_000): Promise<ServerSentEvent> {
    return firstArrival(this.events, accept, timeoutMs, () => this.ended);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.reading;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of body) {
        buffered += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const event = parseEvent(buffered.slice(0, end));
          buffered = buffered.slice(end + 2);
          if (event) this.events.push(event);
        }
      }
      this.ended = 'closed by the server';
    } catch (error) {
      this.ended = this.abort.signal.aborted ? 'closed by the client' : String(error);
    }
  }
}
