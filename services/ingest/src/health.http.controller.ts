import { Controller, Get, Req, ServiceUnavailableException } from '@nestjs/common';
import { requestSeesDetail } from '@govmetrics/auth-oidc';
import { ShutdownState } from '@govmetrics/lifecycle';
import type { FastifyRequest } from 'fastify';
import { type IngestDependency, IngestReadiness } from './readiness/ingest-readiness';

type Ready = { status: 'ok'; checks?: Record<IngestDependency, string> };

@Controller('health')
export class HealthHttpController {
  constructor(
    private readonly readiness: IngestReadiness,
    private readonly shutdown: ShutdownState,
  ) {}

  /** Liveness: the process answers. Never asks a dependency: a database outage must not get the ingest restarted. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: 200 when Kafka and the claim store answer (checked at most once a second) and no SIGTERM arrived, else
   * 503. Anyone may ask; only operators are told which dependency failed and why.
   */
  @Get('ready')
  ready(@Req() request: FastifyRequest): Promise<Ready> {
    return this.answer(request);
  }

  /** The readiness answer under its first name, kept for existing probes. */
  @Get()
  health(@Req() request: FastifyRequest): Promise<Ready> {
    return this.answer(request);
  }

  private async answer(request: FastifyRequest): Promise<Ready> {
    const detail = requestSeesDetail('ingest', request);
    if (this.shutdown.draining) throw new ServiceUnavailableException({ error: 'shutting_down' });
    const { ready, failed, checks } = await this.readiness.current();
    if (!ready) throw new ServiceUnavailableException(detail ? { error: 'dependency_unavailable', failed, checks } : { error: 'dependency_unavailable' });
    return detail ? { status: 'ok', checks } : { status: 'ok' };
  }
}
