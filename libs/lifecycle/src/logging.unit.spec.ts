import { Writable } from 'node:stream';
import pino from 'pino';
import { httpLogging, PinoNestLogger, traceIdOf } from './logging';

describe(traceIdOf.name, () => {
  it('reads the trace id of a valid traceparent, and nothing of a malformed or all-zero one', () => {
    expect(traceIdOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(['00-4bf92f35-00f067aa0ba902b7-01', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`, 'not a header', undefined, ['x']].map(traceIdOf)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe(httpLogging.name, () => {
  const lines: string[] = [];
  const logger = pino(
    { base: { service: 'test' } },
    new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  const options = httpLogging(logger);

  it("keeps the caller's plain request id and replaces one that could inject text", () => {
    expect(options.genReqId({ headers: { 'x-request-id': 'abc-123' } })).toBe('abc-123');
    expect(options.genReqId({ headers: { 'x-request-id': 'evil\n{"level":60}' } })).toMatch(/^[\da-f-]{36}$/);
    expect(options.genReqId({ headers: {} })).toMatch(/^[\da-f-]{36}$/);
  });

  it('logs a request as method and route only: no query string, no address, no header', () => {
    expect(options.serializers.req({ method: 'GET', url: '/v1/aggregates/total?agency=moph', routeOptions: { url: '/v1/aggregates/total' } })).toEqual({
      method: 'GET',
      route: '/v1/aggregates/total',
    });
    expect(options.serializers.req({ method: 'GET', url: '/nowhere?email=a@b.c' })).toEqual({ method: 'GET', route: '/nowhere' });
  });

  it("binds the request's trace id to its lines", () => {
    const child = options.childLoggerFactory(
      logger,
      { reqId: 'r1' },
      {},
      { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } },
    );
    child.info('hello');
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ service: 'test', reqId: 'r1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', msg: 'hello' });
  });
});

describe(PinoNestLogger.name, () => {
  const lines: string[] = [];
  const nest = new PinoNestLogger(
    pino(
      { base: { service: 'test' } },
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          lines.push(chunk.toString());
          done();
        },
      }),
    ),
  );
  const last = () => JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>;

  it("writes a line's own fields as JSON fields beside its message and context", () => {
    nest.warn({ msg: 'record quarantined', topic: 'usage.events.v1', partition: 3, offset: '17', source: 'urn:gdx', id: 'e-1' }, 'KafkaBatchTransport');
    expect(last()).toMatchObject({
      level: 40,
      msg: 'record quarantined',
      context: 'KafkaBatchTransport',
      topic: 'usage.events.v1',
      partition: 3,
      offset: '17',
      source: 'urn:gdx',
      id: 'e-1',
    });
  });

  it('writes text, an error or any other value as the message, as before', () => {
    nest.log('plain', 'Ingest');
    expect(last()).toMatchObject({ level: 30, msg: 'plain', context: 'Ingest' });
    nest.error(new Error('broke'), 'stack here', 'Ingest');
    expect(last()).toMatchObject({ level: 50, msg: 'broke', stack: 'stack here', context: 'Ingest' });
    nest.log({ count: 2 }, 'Ingest');
    expect(last()).toMatchObject({ msg: '{"count":2}', context: 'Ingest' });
  });
});
