import { OtlpReceiver } from '@govmetrics/devkit';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

const WORKSPACE_ROOT = resolve(__dirname, '../../..');

/** A process that traces one span, says so, then waits for a signal; `onSigterm` stands in for Nest's shutdown hooks. */
const tracedProcess = (onSigterm: string) => `
  const { inSpan, startTracing } = require('@govmetrics/tracing');
  startTracing('stop-spec', process.env);
  ${onSigterm}
  inSpan('finished-before-stop', {}, () => undefined);
  process.stdout.write('traced\\n');
  setInterval(() => undefined, 1000);
`;

async function startTraced(receiver: OtlpReceiver, onSigterm = ''): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', tracedProcess(onSigterm)], {
    cwd: WORKSPACE_ROOT,
    // An export delay far beyond the test: only the flush on the signal can deliver the span in time.
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '600000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await once(child.stdout, 'data');
  return child;
}

describe('spans buffered when a traced service is told to stop', () => {
  let receiver: OtlpReceiver;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await receiver.close();
  });

  it('are sent on SIGTERM, and the process still dies of the signal when nothing else handles it', async () => {
    // Given a traced process with a finished span still in its buffer and no shutdown handler of its own
    const child = await startTraced(receiver);
    children.push(child);

    // When it is sent SIGTERM
    const exited = once(child, 'exit');
    child.kill('SIGTERM');

    // Then the span reaches the collector, and the process ends by the signal rather than hanging on
    await receiver.until((spans) => spans.some((span) => span.service === 'govmetrics-stop-spec' && span.name === 'finished-before-stop'), 20_000);
    expect(await exited).toEqual([null, 'SIGTERM']);
  }, 40_000);

  it("are sent while the service's own shutdown handler drains, which still decides how the process ends", async () => {
    // Given a traced process whose shutdown handler (like Nest's) drains for a while, then exits 0
    const before = receiver.spans.length;
    const child = await startTraced(receiver, "process.on('SIGTERM', () => setTimeout(() => process.exit(0), 1500));");
    children.push(child);

    // When it is sent SIGTERM
    const exited = once(child, 'exit');
    child.kill('SIGTERM');

    // Then the span arrives during the drain, and the handler's exit code stands
    await receiver.until((spans) => spans.length > before, 20_000);
    expect(await exited).toEqual([0, null]);
  }, 40_000);
});
