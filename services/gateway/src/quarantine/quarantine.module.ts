import { type DynamicModule, Module } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { loadQuarantineViewConfig, QUARANTINE_VIEW_CONFIG } from './quarantine.config';
import { QuarantineFeed } from './quarantine.feed';
import { QuarantineHttpController } from './quarantine.http.controller';

/** `GET /v1/quarantine`: what the pipeline's consumers quarantined, for operators and the platforms that sent it. */
@Module({})
export class QuarantineModule {
  static forRoot(config: GatewayConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: QuarantineModule,
      // Global so that other modules (the operations board) read the one feed rather than follow the topic again.
      global: true,
      controllers: [QuarantineHttpController],
      exports: [QuarantineFeed],
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }, { provide: QUARANTINE_VIEW_CONFIG, useValue: loadQuarantineViewConfig(env) }, QuarantineFeed],
    };
  }
}
