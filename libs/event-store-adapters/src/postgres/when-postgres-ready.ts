import { z } from 'zod';

/** Environment keys of a service's start-up wait for PostgreSQL (the ingest's claim store, the scoring service's ledger). */
export const PostgresStartupConfigSchema = z.object({
  /** How long start-up waits for a PostgreSQL that is not reachable yet (refused, starting, shutting down) before it exits. */
  POSTGRES_STARTUP_WAIT_MS: z.coerce.number().int().nonnegative().default(60_000),
});

export type PostgresStartupConfig = z.infer<typeof PostgresStartupConfigSchema>;

// Sockets that found no server or lost it; SQLSTATE 08 (connection exception), 57P01–57P03 (shut down, crashed, starting up).
const UNREACHABLE_CODE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|08...|57P0[123])$/;
const UNREACHABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect/i;

/** Whether `error`, or any error it was caused by, says that PostgreSQL could not be reached, as opposed to refusing the work. */
export function isPostgresUnreachable(error: unknown): boolean {
  for (let link = error, depth = 0; link !== undefined && link !== null && depth < 8; depth += 1) {
    const code = typeof link === 'object' && 'code' in link ? String(link.code) : '';
    if (UNREACHABLE_CODE.test(code) || (link instanceof Error && UNREACHABLE_MESSAGE.test(link.message))) return true;
    link = link instanceof Error ? link.cause : undefined;
  }
  return false;
}

const FIRST_PAUSE_MS = 500;
const LONGEST_PAUSE_MS = 5000;

/**
 * Runs a start-up step again while PostgreSQL cannot be reached, pausing 0.5 s, then twice as long each time up to 5 s,
 * for up to `waitMs` (POSTGRES_STARTUP_WAIT_MS); any other failure, or the last one, is thrown. A service started while
 * its database is away then comes up when it does, instead of exiting into a restart loop.
 */
export async function whenPostgresReady<T>(step: () => Promise<T>, waitMs: number, warn?: (line: string) => void): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    try {
      return await step();
    } catch (error) {
      const left = deadline - Date.now();
      if (!isPostgresUnreachable(error) || left <= 0) throw error;
      warn?.(`waiting for PostgreSQL (${Math.ceil(left / 1000)} s left): ${error instanceof Error ? error.message : String(error)}`);
      await new Promise((later) => setTimeout(later, Math.min(pause, left)));
    }
  }
}
