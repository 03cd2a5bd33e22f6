import { Controller, Get, Req, ServiceUnavailableException } from '@nestjs/common';
import { requestSeesDetail } from '@govmetrics/auth-oidc';
import type { FastifyRequest } from 'fastify';
import { type IngestDependency, IngestReadiness } from './readiness/ingest-readiness';

@Controller('health')
export class HealthHttpController {
  constructor(private readonly readiness: IngestReadiness) {}

  /**
   * Readiness: 200 when Kafka and the claim store answer (checked at most once a second), else 503. Anyone may ask;
   * only operators are told which dependency failed and why.
   */
  @Get()
  async health(@Req() request: FastifyRequest): Promise<{ status: 'ok'; checks?: Record<IngestDependency, string> }> {
    const { ready, failed, checks } = await this.readiness.current();
    const detail = requestSeesDetail('ingest', request);
    if (!ready) throw new ServiceUnavailableException(detail ? { error: 'dependency_unavailable', failed, checks } : { error: 'dependency_unavailable' });
    return detail ? { status: 'ok', checks } : { status: 'ok' };
  }
}
