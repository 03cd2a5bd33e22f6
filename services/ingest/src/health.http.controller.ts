import { Controller, ServiceUnavailableException } from '@nestjs/common';
import { requestSeesDetail } from '@govmetrics/auth-oidc';
import { HealthEndpoints, ShutdownState } from '@govmetrics/lifecycle';
import type { FastifyRequest } from 'fastify';
import { type IngestDependency, IngestReadiness } from './readiness/ingest-readiness';

type Ready = { status: 'ok'; checks?: Record<IngestDependency, string> };

@Controller('health')
export class HealthHttpController extends HealthEndpoints<Ready> {
  constructor(
    private readonly dependencies: IngestReadiness,
    private readonly shutdown: ShutdownState,
  ) {
    super();
  }

  /**
   * Ready when Kafka and the claim store answer (checked at most once a second) and no SIGTERM arrived, else 503.
   * Anyone may ask; only operators are told which dependency failed and why.
   */
  protected async readiness(request: FastifyRequest): Promise<Ready> {
    const detail = requestSeesDetail('ingest', request);
    if (this.shutdown.draining) throw new ServiceUnavailableException({ error: 'shutting_down' });
    const { ready, failed, checks } = await this.dependencies.current();
    if (!ready) throw new ServiceUnavailableException(detail ? { error: 'dependency_unavailable', failed, checks } : { error: 'dependency_unavailable' });
    return detail ? { status: 'ok', checks } : { status: 'ok' };
  }
}
