import { inSpan } from './spans';
import { specTracing } from './spec-tracing.testing';
import { flushTracing } from './start-tracing';

describe(flushTracing.name, () => {
  const tracing = specTracing();

  it("sends the spans that ended since the last export, as a service's last shutdown step does with its drain's spans", async () => {
    // Given tracing on, exporting every 5 s, and a span that ended after the flush on the stop signal
    tracing.on();
    inSpan('projector.fold', {}, () => undefined);
    expect(tracing.exported()).toEqual([]);

    // When the shutdown's last step flushes
    await flushTracing();

    // Then the span is out before the process exits
    expect(tracing.exported().map(({ name }) => name)).toEqual(['projector.fold']);
  });

  it('does nothing while tracing is off', async () => {
    tracing.off();
    await expect(flushTracing()).resolves.toBeUndefined();
    expect(tracing.exported()).toEqual([]);
  });
});
