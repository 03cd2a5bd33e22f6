import type { Counter, Histogram } from 'prom-client';

type AsyncMethodKey<T> = { [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof T];

/**
 * Times every call of `target[method]` (resolved or rejected) into `histogram`, in place, so that a port handed to a use case
 * is instrumented where it is composed and the use case does not change. Returns `target`.
 */
export function timeCalls<T extends object, K extends AsyncMethodKey<T>, L extends string>(
  target: T,
  method: K,
  histogram: Histogram<L>,
  labels: Partial<Record<L, string>> = {},
): T {
  const original = target[method] as (...args: unknown[]) => Promise<unknown>;
  const timed = async (...args: unknown[]) => {
    const stop = histogram.startTimer(labels);
    try {
      return await original.apply(target, args);
    } finally {
      stop();
    }
  };
  Object.defineProperty(target, method, { value: timed, configurable: true, writable: true });
  return target;
}

/** Counts the records each successful `send(topic, records)` of `target` delivered (the quarantine's), in place. Returns `target`. */
export function countSent<T extends { send(topic: string, records: readonly unknown[]): Promise<void> }, L extends string>(
  target: T,
  counter: Counter<L>,
  labels: Partial<Record<L, string>> = {},
): T {
  const original = target.send.bind(target);
  const counted = async (topic: string, records: readonly unknown[]) => {
    await original(topic, records);
    counter.inc(labels, records.length);
  };
  Object.defineProperty(target, 'send', { value: counted, configurable: true, writable: true });
  return target;
}
