import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { type IngestDependency, IngestReadiness } from './readiness/ingest-readiness';

@Controller('health')
export class HealthHttpController {
  constructor(private readonly readiness: IngestReadiness) {}

  /** Readiness: 200 when Kafka and the claim store answer (checked at most once a second), else 503 naming what failed and why. */
  @Get()
  async health(): Promise<{ status: 'ok'; checks: Record<IngestDependency, string> }> {
    const { ready, failed, checks } = await this.readiness.current();
    if (!ready) throw new ServiceUnavailableException({ error: 'dependency_unavailable', failed, checks });
    return { status: 'ok', checks };
  }
}
