import { HttpException, HttpStatus } from '@nestjs/common';
import type { PipelineUnavailable } from '@govmetrics/contracts';

/** A source of the operations board's figures that could not be read, keeping the adapter's typed error as its cause. */
export class PipelineSourceUnavailable extends Error {
  constructor(
    readonly source: PipelineUnavailable['source'],
    options: { cause: unknown },
  ) {
    super(options.cause instanceof Error ? options.cause.message : String(options.cause), options);
    this.name = 'PipelineSourceUnavailable';
  }
}

/** For a read's `.catch`: its failure, as the source it read being unavailable. */
export const unavailable =
  (source: PipelineUnavailable['source']) =>
  (cause: unknown): never => {
    throw new PipelineSourceUnavailable(source, { cause });
  };

/** At the HTTP edge: a source that could not be read answers 503 naming it, with the error's own words; any other error goes on. */
export function answerUnavailable(error: unknown): never {
  if (!(error instanceof PipelineSourceUnavailable)) throw error;
  const body: PipelineUnavailable = { error: 'pipeline_unavailable', source: error.source, message: error.message };
  throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE, { cause: error });
}
