import { Controller, Get, Query } from '@nestjs/common';
import type { DeadLetterAnswer } from '@govmetrics/contracts';
import { DeadLetterQuerySchema } from '@govmetrics/contracts';
import { parseQuery } from '../parse-query';
import { DeadLetterFeed } from './dead-letter.feed';

@Controller('v1/dead-letters')
export class DeadLettersHttpController {
  constructor(private readonly feed: DeadLetterFeed) {}

  /**
   * What the raw-intake validator refused: counts per first rule and the newest first. The access guard holds a
   * platform principal to `platform=` its own (ACCESS_MATRIX scope), as for `/v1/quarantine`; an operator reads all.
   */
  @Get()
  list(@Query() query: unknown): DeadLetterAnswer {
    return this.feed.page(parseQuery(DeadLetterQuerySchema, query));
  }
}
