import { sourcesOf } from './definition-sources';

describe(sourcesOf.name, () => {
  it("finds a sum's parts, a query and each measure's sources, in the definition's order", () => {
    const definition = {
      id: 'A2',
      measures: [
        { id: 'A2.platforms', actual: { attested: { id: 'innovation-platforms' } } },
        {
          id: 'A2.agencies',
          actual: {
            sum: [
              { label: 'Law Portal', platform: 'lawportal', metric: 'comments', statistic: 'agencies' },
              { label: 'Chatbot', platform: 'chatbot', metric: 'deployments', statistic: 'agencies' },
            ],
          },
        },
      ],
      extra: { actual: { query: { platform: 'bizportal', metric: 'permit_requests', statistic: 'distinct' } } },
    };
    expect(sourcesOf(definition).map(({ platform, metric }) => `${platform}/${metric}`)).toEqual([
      'lawportal/comments',
      'chatbot/deployments',
      'bizportal/permit_requests',
    ]);
  });

  it('finds none in an attested-only definition or in anything that is not an object', () => {
    expect([sourcesOf({ actual: { attested: { id: 'x' } }, target: 5 }), sourcesOf(null), sourcesOf('gdx')]).toEqual([[], [], []]);
  });
});
