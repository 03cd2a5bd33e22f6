import { Controller, Get } from '@nestjs/common';
import type { PipelineHealthAnswer } from '@govmetrics/contracts';
import { PipelineHealthReading } from './pipeline-health.reading';
import { answerUnavailable } from './pipeline-unavailable';

@Controller('v1/operations')
export class PipelineHealthHttpController {
  constructor(private readonly reading: PipelineHealthReading) {}

  /**
   * The pipeline's health as the gateway sees it: lag per partition, freshness, verdict rates, dead letters and
   * quarantine; a source that could not be read answers 503 naming it, with the error's own words.
   */
  @Get('pipeline')
  pipeline(): Promise<PipelineHealthAnswer> {
    return this.reading.read().catch(answerUnavailable);
  }
}
