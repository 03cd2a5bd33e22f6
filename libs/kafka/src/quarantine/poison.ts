/** One culprit record a poison error can name, with why it in particular was refused. */
export interface PoisonRecord {
  offset: string;
  reason: string;
  message: string;
}

/**
 * A record's own data was refused after the contract accepted it: retrying it fails forever. Any Error with
 * `poison === true` is one (duck-typed, so domain libs need not import this one). When the thrower knows the
 * culprits it names them, by `offsets` or with their own reasons by `records`; `reason` is a rule-like code for
 * the quarantine header.
 */
export interface PoisonError extends Error {
  poison: true;
  offsets?: readonly string[];
  records?: readonly PoisonRecord[];
  reason?: string;
}

export const isPoison = (error: unknown): error is PoisonError => error instanceof Error && (error as { poison?: unknown }).poison === true;

export interface Culprit<M> {
  message: M;
  reason: string;
  detail: string;
}

function namedCulprits(error: PoisonError): Map<string, Omit<PoisonRecord, 'offset'>> {
  const general = { reason: error.reason ?? 'poison', message: error.message };
  const named = new Map((error.offsets ?? []).map((offset) => [offset, general]));
  // Duck-typed: a thrower's record may lack a field, and the quarantine header must still be written.
  for (const { offset, reason, message } of error.records ?? []) named.set(offset, { reason: reason ?? general.reason, message: message ?? general.message });
  return named;
}

/**
 * Handles `messages` (one partition's, in order) and returns the records the handler refused as poison, having
 * handled all the others. Culprits the error names are set aside at once; otherwise the range is halved and each
 * half handled on its own, down to single records, so k poison records among n cost O(k log n) handler calls and
 * the search always ends. The handler must be idempotent: parts of a range run again.
 * Any error that is not poison is rethrown untouched: the caller retries the whole batch as before.
 */
export async function isolatePoison<M extends { offset: string }>(
  messages: readonly M[],
  handle: (messages: readonly M[]) => Promise<void>,
): Promise<Culprit<M>[]> {
  if (messages.length === 0) return [];
  try {
    await handle(messages);
    return [];
  } catch (error) {
    if (!isPoison(error)) throw error;
    const named = namedCulprits(error);
    const culprits = messages.flatMap((message) => {
      const why = named.get(message.offset);
      return why ? [{ message, reason: why.reason, detail: why.message }] : [];
    });
    if (culprits.length > 0)
      return [
        ...culprits,
        ...(await isolatePoison(
          messages.filter((message) => !named.has(message.offset)),
          handle,
        )),
      ];
    const [only] = messages;
    if (messages.length === 1 && only) return [{ message: only, reason: error.reason ?? 'poison', detail: error.message }];
    const half = Math.ceil(messages.length / 2);
    return [...(await isolatePoison(messages.slice(0, half), handle)), ...(await isolatePoison(messages.slice(half), handle))];
  }
}
