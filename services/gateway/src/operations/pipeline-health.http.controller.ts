import { Controller, Get, HttpException, HttpStatus } from '@nestjs/common';
import type { PipelineHealthAnswer, PipelineUnavailable } from '@govmetrics/contracts';
import { PipelineHealthReading, PipelineSourceUnavailable } from './pipeline-health.reading';

@Controller('v1/operations')
export class PipelineHealthHttpController {
  constructor(private readonly reading: PipelineHealthReading) {}

  /**
   * The pipeline's health as the gateway sees it: lag per partition, freshness, verdict rates, dead letters and
   * quarantine; a source that could not be read answers 503 naming it, with the error's own words.
   */
  @Get('pipeline')
  async pipeline(): Promise<PipelineHealthAnswer> {
    try {
      return await this.reading.read();
    } catch (error) {
      if (!(error instanceof PipelineSourceUnavailable)) throw error;
      const body: PipelineUnavailable = { error: 'pipeline_unavailable', source: error.source, message: error.message };
      throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE, { cause: error });
    }
  }
}
