import { Controller, Get, Inject, NotFoundException, Param, Res, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ConsoleFiles } from './console-files';

/** The page may load only its own files and call only its own origin (the gateway), and is never framed. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

/**
 * `GET /console` and its files: the browser console, same origin as the API. The files are open (a static page holds no
 * data); every call the page makes carries the bearer token the user gives it, and the access matrix judges those.
 */
@Controller('console')
export class ConsoleHttpController {
  constructor(@Inject(ConsoleFiles) private readonly files: ConsoleFiles) {}

  @Get()
  index(@Res() reply: FastifyReply): void {
    this.send(reply, 'index.html');
  }

  @Get(':file')
  file(@Param('file') name: string, @Res() reply: FastifyReply): void {
    this.send(reply, name);
  }

  private send(reply: FastifyReply, name: string): void {
    if (this.files.problem !== null) throw new ServiceUnavailableException({ error: 'console_not_built', message: this.files.problem });
    const file = this.files.get(name);
    if (!file) throw new NotFoundException({ error: 'not_found', message: `the console has no file ${name}` });
    void reply
      .header('content-type', file.contentType)
      .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .send(file.body);
  }
}
