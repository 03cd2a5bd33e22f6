import { Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * The probes of an HTTP service, routes only: extend it under `@Controller('health')` and answer `readiness`.
 * `/health/live` never asks a dependency (an outage must not get the process restarted); `/health/ready` and, under
 * its first name, `/health` are the readiness answer (503 when not ready).
 */
export abstract class HealthEndpoints<Ready> {
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  ready(@Req() request: FastifyRequest): Promise<Ready> {
    return this.readiness(request);
  }

  @Get()
  health(@Req() request: FastifyRequest): Promise<Ready> {
    return this.readiness(request);
  }

  protected abstract readiness(request: FastifyRequest): Promise<Ready>;
}
