/** One server-sent event: its type (`message` when unnamed), its `id:` if any, and its data lines joined. */
export interface SseEvent {
  type: string;
  id?: string;
  data: string;
}

/**
 * Splits a text/event-stream body into events as chunks arrive, however the chunks cut it (mid-line, mid-event, CRLF).
 * The browser's EventSource cannot send an Authorization header, so the console reads the stream with fetch and this.
 */
export class SseParser {
  private buffered = '';

  push(chunk: string): SseEvent[] {
    this.buffered += chunk.replace(/\r\n?/g, '\n');
    const blocks = this.buffered.split('\n\n');
    this.buffered = blocks.pop() ?? '';
    return blocks.flatMap((block) => {
      const event = parseBlock(block);
      return event ? [event] : [];
    });
  }
}

function parseBlock(block: string): SseEvent | undefined {
  let type = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'event') type = value;
    else if (name === 'id') id = value;
    else if (name === 'data') data.push(value);
  }
  return data.length === 0 ? undefined : { type, ...(id === undefined ? {} : { id }), data: data.join('\n') };
}
