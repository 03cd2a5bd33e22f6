import { writeFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * Readiness of a service without an HTTP port (a Kafka consumer): the file `READY_FILE` names is written once the
 * service consumes. Whoever starts the process (the devkit, a supervisor) waits for the file, never for log text.
 */
export const ReadyFileConfigSchema = z.object({ READY_FILE: z.string().min(1).optional() });

export async function signalReady({ READY_FILE }: z.infer<typeof ReadyFileConfigSchema>): Promise<void> {
  if (READY_FILE !== undefined) await writeFile(READY_FILE, `${process.pid}\n`);
}
