import { SseParser } from './sse-parser';

describe(SseParser.name, () => {
  it('yields an event only once its blank line arrived, however the chunks cut it', () => {
    const parser = new SseParser();
    expect(parser.push('event: aggregate\nid: 7\ndata: {"total"')).toEqual([]);
    expect(parser.push(':1}\n')).toEqual([]);
    expect(parser.push('\nevent: heartbeat\ndata: {}\n\n')).toEqual([
      { type: 'aggregate', id: '7', data: '{"total":1}' },
      { type: 'heartbeat', data: '{}' },
    ]);
  });

  it('reads CRLF line ends, joins multi-line data and skips comments and events without data', () => {
    const parser = new SseParser();
    expect(parser.push(': keep-alive\r\n\r\nevent: empty\r\n\r\ndata: a\r\ndata: b\r\n\r\n')).toEqual([{ type: 'message', data: 'a\nb' }]);
  });
});
