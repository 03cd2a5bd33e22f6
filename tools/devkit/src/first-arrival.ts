/**
 * The first item, in arrival order, of a list that another task keeps appending to that `accept` takes. Rejects
 * with how many arrived when none did within `timeoutMs`, or as soon as `ended()` says no more will come.
 */
export async function firstArrival<T>(
  arrived: readonly T[],
  accept: (item: T) => boolean,
  timeoutMs: number,
  ended: () => string | undefined = () => undefined,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = arrived.find(accept);
    if (found !== undefined) return found;
    const end = ended();
    if (end !== undefined) throw new Error(`the source ended (${end}) after ${arrived.length} arrivals, none matching`);
    if (Date.now() > deadline) throw new Error(`nothing matching after ${timeoutMs} ms; ${arrived.length} arrived`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
