import { Controller, Get, Query } from '@nestjs/common';
import type { QuarantineAnswer } from '@govmetrics/contracts';
import { QuarantineQuerySchema } from '@govmetrics/contracts';
import { parseQuery } from '../parse-query';
import { QuarantineFeed } from './quarantine.feed';

@Controller('v1/quarantine')
export class QuarantineHttpController {
  constructor(private readonly feed: QuarantineFeed) {}

  /**
   * Records a consumer set aside after the contract accepted them: counts per reason and the newest first.
   * `platform` gives the sending platform's view (access control is not built here: see docs/gateway.md).
   */
  @Get()
  list(@Query() query: unknown): QuarantineAnswer {
    return this.feed.page(parseQuery(QuarantineQuerySchema, query));
  }
}
