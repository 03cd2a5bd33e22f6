import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { loadConsoleConfig } from './console.config';
import { ConsoleFiles } from './console-files';
import { ConsoleHttpController } from './console.http.controller';
import { SessionHttpController } from './session.http.controller';

/** The browser console's static files at /console (apps/console, built by `npx nx run console:build`), and the session it asks for. */
@Module({})
export class ConsoleModule {
  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const files = ConsoleFiles.load(loadConsoleConfig(env).GATEWAY_CONSOLE_DIR);
    if (files.problem !== null) Logger.warn(files.problem, 'Console');
    return { module: ConsoleModule, controllers: [ConsoleHttpController, SessionHttpController], providers: [{ provide: ConsoleFiles, useValue: files }] };
  }
}
