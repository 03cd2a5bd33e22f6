import { HttpException, HttpStatus } from '@nestjs/common';
import type { PipelineUnavailable } from '@govmetrics/contracts';

/** A source that could not be read answers 503 naming it, with the error's own words. */
export const unavailable =
  (source: PipelineUnavailable['source']) =>
  (error: unknown): never => {
    const body: PipelineUnavailable = { error: 'pipeline_unavailable', source, message: error instanceof Error ? error.message : String(error) };
    throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE, { cause: error });
  };
