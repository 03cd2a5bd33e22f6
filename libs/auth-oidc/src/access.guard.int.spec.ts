import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { FailedAuthBudget, issueStaticToken } from '@govmetrics/auth';
import { request } from 'node:http';
import { AccessGuard } from './access.guard';
import { AuthConfigSchema } from './auth-config';
import { Authenticator } from './authenticator';

const operator = issueStaticToken({ subject: 'ops-dashboard', roles: ['operator'] });
const mophOperator = issueStaticToken({ subject: 'moph-dashboard', roles: ['operator'], agencies: ['moph'] });

/** One route of the gateway's matrix row, so the guard judges it as the gateway would. */
@Controller('v1')
class AttainmentStub {
  @Get('attainment')
  board(): { scorecards: [] } {
    return { scorecards: [] };
  }
}

/** A GET from a chosen loopback source address (the whole 127/8 reaches the listener), as another client would send it. */
function getFrom(port: number, from: string, token: string): Promise<{ status: number; retryAfter?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = request(
      { host: '127.0.0.1', port, path: '/v1/attainment', localAddress: from, headers: { authorization: `Bearer ${token}`, connection: 'close' } },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], body }));
      },
    );
    sent.on('error', reject);
    sent.end();
  });
}

describe('AccessGuard with a failed-authentication budget, over real HTTP', () => {
  let app: NestFastifyApplication;
  let port: number;
  const failures = new FailedAuthBudget({ failuresPerMinute: 1, burst: 3 });

  beforeAll(async () => {
    const authenticator = new Authenticator(AuthConfigSchema.parse({ AUTH_STATIC_TOKENS: JSON.stringify([operator.entry, mophOperator.entry]) }));
    @Module({ controllers: [AttainmentStub], providers: [{ provide: APP_GUARD, useValue: new AccessGuard('gateway', authenticator, undefined, failures) }] })
    class StubModule {}
    app = await NestFactory.create<NestFastifyApplication>(StubModule, new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    port = Number(new URL(await app.getUrl()).port);
  });

  afterAll(() => app?.close());

  it("answers 429 with Retry-After once an address's failed tokens are spent, its valid token too, while another address's token passes", async () => {
    // Given an address that guesses three wrong tokens (401 each)
    for (let guess = 0; guess < 3; guess++) expect((await getFrom(port, '127.0.0.2', `guess-${guess}`)).status).toBe(401);
    // When it tries again, even with the right token
    const shutOut = await getFrom(port, '127.0.0.2', operator.token);
    // Then it is refused for the minute one failure takes to leak, and the refusal is counted
    expect(shutOut).toMatchObject({ status: 429, retryAfter: '60', body: expect.stringContaining('too_many_failed_authentications') });
    expect(failures.counts).toMatchObject({ failures: 3, refusals: 1 });
    // And an operator on another address is not held back by those failures
    expect((await getFrom(port, '127.0.0.3', operator.token)).status).toBe(200);
  });

  it('refuses the attainment board to an operator limited to agencies, naming the rule: it is scored over every agency', async () => {
    const answer = await getFrom(port, '127.0.0.4', mophOperator.token);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({
      error: 'forbidden',
      message: 'GET /v1/attainment spans every agency; a token limited to agencies (moph) reads only aggregates of its own, asked with agency=',
    });
  });
});
