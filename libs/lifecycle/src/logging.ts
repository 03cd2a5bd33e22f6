import { Logger as NestLogger, type LoggerService } from '@nestjs/common';
import { loadConfig, LogConfigSchema } from '@govmetrics/config';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import pino, { type Logger } from 'pino';

/** The headers that carry credentials: never written, whatever logs a request. */
const CREDENTIAL_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'headers.authorization'];

/**
 * A service's structured log: one JSON object a line on stdout (`level`, `time`, `service`, `msg`, and the context
 * of the line). Written lines never carry a credential; what they carry otherwise is chosen at each call site, which
 * names events by source and id only, never by their content.
 */
export function serviceLogger(service: string, level = loadConfig(LogConfigSchema, process.env).LOG_LEVEL): Logger {
  return pino({ level, base: { service }, redact: { paths: CREDENTIAL_PATHS, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime });
}

/**
 * A log line with fields of its own: `new Logger(…).warn({ msg, source, id, topic, … })` writes them as JSON fields
 * beside the message, so that event work can be found by source, id or offset without parsing text.
 */
export type LogRecord = { msg: string } & Record<string, unknown>;

const isLogRecord = (value: unknown): value is LogRecord =>
  typeof value === 'object' && value !== null && !(value instanceof Error) && typeof (value as { msg?: unknown }).msg === 'string';

/** The fields and the message of what Nest's logger was given: a {@link LogRecord}'s own, or a text made of anything else. */
function lineOf(value: unknown, context: string | undefined): [Record<string, unknown>, string] {
  if (isLogRecord(value)) {
    const { msg, ...fields } = value;
    return [{ ...fields, context }, msg];
  }
  return [{ context }, value instanceof Error ? value.message : typeof value === 'string' ? value : JSON.stringify(value)];
}

/** Nest's logger on pino: every `Logger.log(…, context)` of the framework and of ours becomes a JSON line with its context. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(value: unknown, context?: string): void {
    this.logger.info(...lineOf(value, context));
  }

  error(value: unknown, stack?: string, context?: string): void {
    const [fields, msg] = lineOf(value, context);
    this.logger.error({ ...fields, ...(stack ? { stack } : {}) }, msg);
  }

  warn(value: unknown, context?: string): void {
    this.logger.warn(...lineOf(value, context));
  }

  debug(value: unknown, context?: string): void {
    this.logger.debug(...lineOf(value, context));
  }

  verbose(value: unknown, context?: string): void {
    this.logger.trace(...lineOf(value, context));
  }
}

/** Fastify's and pino's loggers alike: what making a request's child logger needs. */
interface ChildLogging<L> {
  child(bindings: Record<string, unknown>, options: object): L;
}

/**
 * The service's structured log, installed as Nest's logger before anything logs: the composition's `new Logger(…)`
 * lines come before the application exists, and must be JSON too. Pass the returned logger to Nest and Fastify.
 */
export function installServiceLogger(service: string): { logger: Logger; nest: PinoNestLogger } {
  const logger = serviceLogger(service);
  const nest = new PinoNestLogger(logger);
  NestLogger.overrideLogger(nest);
  return { logger, nest };
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The trace id of a W3C `traceparent` header, when it carries a valid one. */
export const traceIdOf = (traceparent: unknown): string | undefined => {
  const trace = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent.trim())?.[1] : undefined;
  return trace === undefined || /^0+$/.test(trace) ? undefined : trace;
};

/**
 * Fastify options for request logs on `logger`: each request gets an id (the caller's `x-request-id` when it is a
 * plain token, else a fresh UUID) and its lines the trace id of its `traceparent`. A request is logged as method and
 * route with the status and time: no query string, no address, no header.
 */
export function httpLogging(logger: Logger) {
  return {
    loggerInstance: logger,
    genReqId: (request: { headers: IncomingHttpHeaders }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    childLoggerFactory: <L extends ChildLogging<L>>(
      parent: L,
      bindings: Record<string, unknown>,
      options: object,
      request: { headers: IncomingHttpHeaders },
    ): L => {
      const traceId = traceIdOf(request.headers.traceparent);
      return parent.child(traceId === undefined ? bindings : { ...bindings, traceId }, options);
    },
    serializers: {
      req: (request: { method?: string; url?: string; routeOptions?: { url?: string } }) => ({
        method: request.method,
        route: request.routeOptions?.url ?? (request.url ?? '').split('?')[0],
      }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
    },
  };
}
