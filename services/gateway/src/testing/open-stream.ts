/** An open event stream's raw text as it arrives; the tests only look for what it must contain. */
export class OpenStream {
  text = '';
  private constructor(private readonly abort: AbortController) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<{ status: number; stream?: OpenStream; body?: unknown }> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    if (response.status !== 200 || !response.body) return { status: response.status, body: await response.json() };
    const stream = new OpenStream(abort);
    void stream.read(response.body);
    return { status: 200, stream };
  }

  async until(fragment: string, timeoutMs = 20_000): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; !this.text.includes(fragment); await new Promise((later) => setTimeout(later, 20))) {
      if (Date.now() > deadline) throw new Error(`no ${fragment} within ${timeoutMs} ms, got: ${this.text.slice(-500)}`);
    }
  }

  close(): void {
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) this.text += decoder.decode(chunk, { stream: true });
    } catch {
      // aborted by close()
    }
  }
}
