// Server-Sent Events read with fetch: EventSource cannot send the bearer token, so the dashboard
// reads the stream itself. The parser is pure (chunks in, events out) and follows the
// text/event-stream rules the monitoring service writes: `event:`, `data:`, `id:`, blank line ends.

export interface SseEvent {
  readonly event: string;
  readonly data: string;
  readonly id?: string;
}

/** Feeds text chunks (split anywhere) and answers the events each chunk completes. */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | undefined;

  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const out: SseEvent[] = [];
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      if (end < 0) break;
      const line = this.buffer.slice(0, end);
      const newline = this.buffer.startsWith('\r\n', end) ? 2 : 1;
      this.buffer = this.buffer.slice(end + newline);
      if (line === '') {
        if (this.data.length > 0)
          out.push({
            event: this.event || 'message',
            data: this.data.join('\n'),
            ...(this.id === undefined ? {} : { id: this.id }),
          });
        this.event = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue; // a comment
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
      else if (field === 'id') this.id = value;
    }
    return out;
  }
}
