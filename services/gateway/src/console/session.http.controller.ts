import { Controller, Get, Req } from '@nestjs/common';
import type { Principal, SessionAnswer } from '@govmetrics/contracts';
import { ACCESS_MATRIX } from '@govmetrics/contracts';
import { requestPrincipal } from '@govmetrics/auth-oidc';
import type { FastifyRequest } from 'fastify';

/** The gateway's matrix rows a principal's roles admit; open rows are left out, as anyone may call them. */
export const admittedRoutes = (principal: Principal): string[] =>
  ACCESS_MATRIX.filter(({ service, roles }) => service === 'gateway' && roles !== 'open' && roles.some((role) => principal.roles.includes(role))).map(
    ({ method, path }) => `${method} ${path}`,
  );

/** `GET /v1/session`: what the console needs to offer only the actions the token may take (the guard still judges each call). */
@Controller('v1/session')
export class SessionHttpController {
  @Get()
  session(@Req() request: FastifyRequest): SessionAnswer {
    // The matrix admits every role here, so the guard has always established a principal.
    const principal = requestPrincipal(request);
    if (!principal) throw new Error('GET /v1/session reached without a principal: the access matrix must not list it as open');
    return { subject: principal.subject, roles: principal.roles, routes: admittedRoutes(principal) };
  }
}
