import { DependencyError } from '@govmetrics/contracts';

/**
 * How a failed ClickHouse call is handled, decided once here:
 * - `retriable`: the server was unreachable, overloaded or timed out; the same call later may succeed;
 * - `poison`: the server refused the data of a record (it cannot be parsed or converted); retrying the same
 *   records fails forever, so the caller isolates and quarantines them;
 * - `systemic`: anything else (unknown table, access denied, syntax): no record is to blame; retried with
 *   backoff and reported, never quarantined.
 */
export type ClickHouseFailureKind = 'retriable' | 'poison' | 'systemic';

/** The server's own error code and name (`Code: 25, e.displayText() = DB::Exception: …` on 18.16). */
export interface ClickHouseServerCode {
  code: number;
  name: string;
}

/** Codes a single record can cause, by their name in ClickHouse's ErrorCodes.cpp. */
const POISON_CODES: Readonly<Record<number, string>> = {
  6: 'CANNOT_PARSE_TEXT',
  25: 'CANNOT_PARSE_ESCAPE_SEQUENCE',
  26: 'CANNOT_PARSE_QUOTED_STRING',
  27: 'CANNOT_PARSE_INPUT_ASSERTION_FAILED',
  38: 'CANNOT_PARSE_DATE',
  41: 'CANNOT_PARSE_DATETIME',
  69: 'ARGUMENT_OUT_OF_BOUND',
  70: 'CANNOT_CONVERT_TYPE',
  72: 'CANNOT_PARSE_NUMBER',
  117: 'INCORRECT_DATA',
  128: 'TOO_LARGE_ARRAY_SIZE',
  131: 'TOO_LARGE_STRING_SIZE',
  321: 'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE',
  349: 'CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN',
};

/** Codes of a server that is busy or was cut off mid-call: the same call later may succeed. */
const RETRIABLE_CODES: Readonly<Record<number, string>> = {
  159: 'TIMEOUT_EXCEEDED',
  202: 'TOO_MANY_SIMULTANEOUS_QUERIES',
  203: 'NO_FREE_CONNECTION',
  209: 'SOCKET_TIMEOUT',
  210: 'NETWORK_ERROR',
  216: 'QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING',
  236: 'ABORTED',
  241: 'MEMORY_LIMIT_EXCEEDED',
  242: 'TABLE_IS_READ_ONLY',
  252: 'TOO_MANY_PARTS',
  // A cluster's replica or ZooKeeper is away, or a quorum write still waits for its replicas (docs/cluster.md).
  225: 'NO_ZOOKEEPER',
  285: 'TOO_FEW_LIVE_REPLICAS',
  286: 'UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE',
  289: 'REPLICA_IS_NOT_IN_QUORUM',
  999: 'KEEPER_EXCEPTION',
  319: 'UNKNOWN_STATUS_OF_INSERT',
  394: 'QUERY_WAS_CANCELLED',
};

/** A ClickHouse call failed; `retriable`/`poison` say what the caller does (see `ClickHouseFailureKind`). */
export class ClickHouseError extends DependencyError {
  readonly code = 'CLICKHOUSE_FAILED';
  /** Duck-typed marker the Kafka transport quarantines on: the records, not the server, are to blame. */
  readonly poison: boolean;
  readonly server?: ClickHouseServerCode;

  constructor(message: string, retriable: boolean, options?: { cause?: unknown; poison?: boolean; server?: ClickHouseServerCode }) {
    super(message, retriable, { cause: options?.cause });
    this.poison = !retriable && options?.poison === true;
    this.server = options?.server;
  }

  get kind(): ClickHouseFailureKind {
    return this.retriable ? 'retriable' : this.poison ? 'poison' : 'systemic';
  }

  /** A rule-like code for the quarantine header: `clickhouse_cannot_parse_escape_sequence`. */
  get reason(): string {
    return `clickhouse_${(this.server?.name ?? this.kind).toLowerCase()}`;
  }
}

const UNREACHABLE = /ECONNREFUSED|ECONNRESET|socket hang up|Timeout|EPIPE|ETIMEDOUT/i;
// 18.16 answers `Code: 25, e.displayText() = DB::Exception: …`; current servers `Code: 25. DB::Exception: … (TYPE)`.
const SERVER_CODE = /Code: (\d+)[,.]/;

/** The server's code from the client's parsed fields when it had them, else from the message text. */
export function serverCodeOf(error: unknown): ClickHouseServerCode | undefined {
  const fields = error instanceof Error ? (error as { code?: unknown; type?: unknown }) : {};
  const text = error instanceof Error ? error.message : String(error);
  const code = typeof fields.code === 'string' && /^\d+$/.test(fields.code) ? Number(fields.code) : Number(SERVER_CODE.exec(text)?.[1] ?? NaN);
  if (!Number.isInteger(code)) return undefined;
  const name = typeof fields.type === 'string' && fields.type !== '' ? fields.type : (POISON_CODES[code] ?? RETRIABLE_CODES[code] ?? `CODE_${code}`);
  return { code, name };
}

export function classifyClickHouseFailure(error: unknown): ClickHouseFailureKind {
  const server = serverCodeOf(error);
  if (server) return server.code in POISON_CODES ? 'poison' : server.code in RETRIABLE_CODES ? 'retriable' : 'systemic';
  return UNREACHABLE.test(error instanceof Error ? error.message : String(error)) ? 'retriable' : 'systemic';
}

export function toClickHouseError(operation: string, error: unknown): ClickHouseError {
  const reason = error instanceof Error ? error.message : String(error);
  const kind = classifyClickHouseFailure(error);
  return new ClickHouseError(`${operation} failed: ${reason}`, kind === 'retriable', { cause: error, poison: kind === 'poison', server: serverCodeOf(error) });
}
