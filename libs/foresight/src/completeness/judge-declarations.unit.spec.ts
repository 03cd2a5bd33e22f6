import { parsePlatformCatalog } from '@govmetrics/contracts';
import { judgeDeclarations } from './judge-declarations';

const catalog = parsePlatformCatalog(`
version: 1
platforms:
  gdx:
    name: GDX
    metrics:
      api_calls: { kind: counter, unit: calls, description: API calls }
`);
const context = { platform: 'gdx', catalog, today: '2021-01-10' };

describe(judgeDeclarations.name, () => {
  it('accepts declarations of the platform’s own metrics for days begun, today included', () => {
    const body = [
      { platform: 'gdx', metric: 'api_calls', day: '2021-01-09' },
      { platform: 'gdx', metric: 'api_calls', day: '2021-01-10', agency: 'moph' },
    ];
    expect(judgeDeclarations(body, context)).toEqual({ verdict: 'accepted', declarations: body });
  });

  it('refuses a body that breaks the contract with each path and rule', () => {
    const judged = judgeDeclarations([{ platform: 'gdx', metric: 'api_calls', day: '10/01/2021', extra: 1 }], context);
    expect(judged).toMatchObject({ verdict: 'invalid' });
    const rejections = judged.verdict === 'accepted' ? [] : judged.rejections;
    expect(rejections.map((rejection) => rejection.path).sort()).toEqual(['$[0]', '$[0].day']);
    expect(judgeDeclarations([], context)).toMatchObject({ verdict: 'invalid', rejections: [{ path: '$', rule: 'too_small' }] });
  });

  it('names an unknown metric and a day not yet begun in Bangkok', () => {
    expect(judgeDeclarations([{ platform: 'gdx', metric: 'mails', day: '2021-01-11' }], context)).toEqual({
      verdict: 'invalid',
      rejections: [
        { path: '$[0].metric', rule: 'unknown_metric', message: 'the platform catalog lists no metric "mails" for platform "gdx"' },
        { path: '$[0].day', rule: 'day_in_future', message: '2021-01-11 has not begun in Bangkok (today is 2021-01-10)' },
      ],
    });
  });

  it('forbids declaring for another platform, even beside valid declarations', () => {
    const body = [
      { platform: 'gdx', metric: 'api_calls', day: '2021-01-09' },
      { platform: 'gin', metric: 'api_calls', day: '2021-01-09' },
    ];
    expect(judgeDeclarations(body, context)).toMatchObject({ verdict: 'forbidden', rejections: [{ path: '$[1].platform', rule: 'platform_not_own' }] });
  });
});
