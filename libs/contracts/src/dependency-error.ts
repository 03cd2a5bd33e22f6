/**
 * The one error base of every port and adapter whose dependency (Kafka, ClickHouse, PostgreSQL) failed a call:
 * a string `code` to branch on, whether the same call later may succeed (`retriable`), and the underlying `cause`.
 * Mapping to an HTTP status or a Kafka outcome happens once, at each service's edge.
 */
export abstract class DependencyError extends Error {
  abstract readonly code: string;

  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
