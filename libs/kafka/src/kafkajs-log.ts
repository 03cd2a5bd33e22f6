import type { LogEntry, logCreator } from 'kafkajs';
import { logLevel } from 'kafkajs';
import { noteBrokerAnswer } from './kafka-refusals';

/**
 * kafkajs logs at ERROR what it then hands on: a broker's error response (the connection throws it to the request's
 * caller) and every failed attempt of a send it is about to retry (a transaction coordinator still writing the previous
 * commit's markers answers CONCURRENT_TRANSACTIONS, and the next attempt succeeds). Whatever finally fails reaches our
 * code, which reports it; these entries are warnings, so that ERROR in a service's log means something failed.
 */
export function severityOf(entry: LogEntry): logLevel {
  if (entry.level !== logLevel.ERROR) return entry.level;
  const retried = typeof entry.log['retryCount'] === 'number';
  const brokerAnswer = entry.namespace === 'Connection' && entry.log.message.startsWith('Response ');
  return retried || brokerAnswer ? logLevel.WARN : logLevel.ERROR;
}

/** kafkajs' own JSON line format, at the severity `severityOf` gives. */
export const kafkaLogCreator: logCreator = () => (entry) => {
  noteBrokerAnswer(entry);
  const level = severityOf(entry);
  const prefix = entry.namespace ? `[${entry.namespace}] ` : '';
  const line = JSON.stringify({ level: level === entry.level ? entry.label : 'WARN', ...entry.log, message: `${prefix}${entry.log.message}` });
  if (level === logLevel.ERROR) console.error(line);
  else console.warn(line);
};
