import { SseParser } from './sse';

describe('server-sent events read from chunks', () => {
  it('answers the events the monitoring stream writes, however the bytes are split', () => {
    const text =
      'event: kpi\nid: 1\ndata: {"seq":1,"changes":[]}\n\n: keep-alive comment\nevent: ping\ndata: {"at":"x"}\n\n';
    for (const size of [1, 3, 7, text.length]) {
      const parser = new SseParser();
      const events = [];
      for (let i = 0; i < text.length; i += size) events.push(...parser.push(text.slice(i, i + size)));
      expect(events).toEqual([
        { event: 'kpi', id: '1', data: '{"seq":1,"changes":[]}' },
        { event: 'ping', id: '1', data: '{"at":"x"}' },
      ]);
    }
  });

  it.each([
    ['CRLF line ends', 'data: a\r\n\r\n', [{ event: 'message', data: 'a' }]],
    ['CR line ends', 'data: a\r\r', [{ event: 'message', data: 'a' }]],
    ['several data lines joined by newlines', 'data: a\ndata: b\n\n', [{ event: 'message', data: 'a\nb' }]],
    ['no space after the colon', 'event:kpi\ndata:x\n\n', [{ event: 'kpi', data: 'x' }]],
    ['an event without data is not dispatched', 'event: kpi\n\n', []],
    ['an unfinished event waits for its blank line', 'event: kpi\ndata: x\n', []],
    ['unknown fields are ignored', 'retry: 1000\nfoo\ndata: x\n\n', [{ event: 'message', data: 'x' }]],
  ])('%s', (_why, text, expected) => {
    expect(new SseParser().push(text)).toEqual(expected);
  });
});
