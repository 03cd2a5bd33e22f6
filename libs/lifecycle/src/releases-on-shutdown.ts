import { flushTracing } from '@govmetrics/tracing';
import { Inject, type OnApplicationShutdown, type ValueProvider } from '@nestjs/common';

const RELEASE = Symbol('ReleaseComposition');

/** The provider a root module's `forRoot` adds so that {@link ReleasesOnShutdown} finds its composition's `release`. */
export const releaseProvider = (release: () => Promise<void>): ValueProvider => ({ provide: RELEASE, useValue: release });

/**
 * The one shutdown hook of a service's root module: extend it and add {@link releaseProvider}. Nest calls a module's
 * own hook after its providers' hooks and after the HTTP server or the Kafka consumer stopped, so the adapters close
 * (in reverse order of opening) only once nothing uses them. Then the drain's spans are sent: the process exits next.
 */
export abstract class ReleasesOnShutdown implements OnApplicationShutdown {
  constructor(@Inject(RELEASE) private readonly release: () => Promise<void>) {}

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.release();
    } finally {
      await flushTracing();
    }
  }
}
