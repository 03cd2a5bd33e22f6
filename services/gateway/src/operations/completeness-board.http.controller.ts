import { Controller, Get } from '@nestjs/common';
import type { CompletenessBoard } from '@govmetrics/contracts';
import { CompletenessBoardReading } from './completeness-board.reading';
import { answerUnavailable } from './pipeline-unavailable';

@Controller('v1/operations')
export class CompletenessBoardHttpController {
  constructor(private readonly reading: CompletenessBoardReading) {}

  /** Each platform's declared completeness per metric, with its newest event and late events read from the read model. */
  @Get('completeness')
  completeness(): Promise<CompletenessBoard> {
    return this.reading.read().catch(answerUnavailable);
  }
}
