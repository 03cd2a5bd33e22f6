/** What a service's `compose…()` built: the adapters its module provides, and how to close them. */
export interface Composition<Adapters> {
  adapters: Adapters;
  /** Closes what was opened, last first: a later adapter may use an earlier one until it is closed. */
  release: () => Promise<void>;
}

/** The closers of what a composition opened so far. */
export interface Held {
  /** Registers how to close `resource` and returns it. */
  hold<T>(resource: T, close: (resource: T) => Promise<unknown>): T;
}

/**
 * Runs `build`, which opens adapters and holds each; if `build` fails, what it opened is closed before the error
 * propagates. Every closer runs even when an earlier one fails; `release` then rejects with all the failures.
 */
export async function compose<Adapters>(build: (held: Held) => Promise<Adapters>): Promise<Composition<Adapters>> {
  const closers: (() => Promise<unknown>)[] = [];
  const release = async () => {
    const failures: unknown[] = [];
    for (const close of closers.splice(0).reverse()) await close().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} resources failed to close`);
  };
  const held: Held = {
    hold: (resource, close) => {
      closers.push(() => close(resource));
      return resource;
    },
  };
  try {
    return { adapters: await build(held), release };
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
}
