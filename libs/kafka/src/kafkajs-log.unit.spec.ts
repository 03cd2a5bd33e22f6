import type { LogEntry } from 'kafkajs';
import { logLevel } from 'kafkajs';
import { severityOf } from './kafkajs-log';

const entry = (namespace: string, level: logLevel, message: string, extra: Record<string, unknown> = {}): LogEntry => ({
  namespace,
  level,
  label: level === logLevel.ERROR ? 'ERROR' : 'INFO',
  log: { timestamp: '2026-11-26T06:07:19.279Z', message, ...extra },
});

describe('kafkajs log severity', () => {
  it('reports a failed attempt that kafkajs is about to retry as a warning', () => {
    expect(severityOf(entry('Producer', logLevel.ERROR, 'Failed to send messages', { retryCount: 0, retryTime: 198 }))).toBe(logLevel.WARN);
  });

  it("reports a broker's error response, which the connection hands to the request's caller, as a warning", () => {
    const response = entry('Connection', logLevel.ERROR, 'Response AddPartitionsToTxn(key: 24, version: 1)', {
      error: 'CONCURRENT_TRANSACTIONS',
      correlationId: 28,
    });
    expect(severityOf(response)).toBe(logLevel.WARN);
  });

  it('keeps an error that nothing retries or hands on an error', () => {
    expect(severityOf(entry('Consumer', logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded', { error: 'The group is rebalancing' }))).toBe(logLevel.ERROR);
    expect(severityOf(entry('Connection', logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:9092'))).toBe(logLevel.ERROR);
  });

  it('leaves other levels as they are', () => {
    expect(severityOf(entry('Producer', logLevel.INFO, 'Producer connected', { retryCount: 1 }))).toBe(logLevel.INFO);
  });
});
