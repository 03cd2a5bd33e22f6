import { checkSource, SOURCE_NOT_OF_PLATFORM_RULE } from './source.rules';
import { gdxEvent } from './testing/intake.fixtures';

describe(checkSource.name, () => {
  it.each(['urn:dga:platform:gdx', 'urn:dga:platform:gdx/replica-2', 'urn:dga:platform:gdx/node/7'])('accepts %s for platform gdx', (source) => {
    expect(checkSource(gdxEvent({}, { source }))).toEqual([]);
  });

  it.each([
    ['another platform: GDX taking MailGoThai ids', 'urn:dga:platform:mailgothai'],
    ['a platform whose name starts like it', 'urn:dga:platform:gdxx'],
    ['an instance not after "/"', 'urn:dga:platform:gdx:replica-2'],
    ['another scheme', 'https://gdx.dga.or.th'],
  ])('refuses %s at $.source', (_what, source) => {
    expect(checkSource(gdxEvent({}, { source }))).toEqual([
      { path: '$.source', rule: SOURCE_NOT_OF_PLATFORM_RULE, message: expect.stringContaining('urn:dga:platform:gdx/<instance>') },
    ]);
  });
});
