import { ApiKeyRegistry } from './api-key-registry';

describe(ApiKeyRegistry.name, () => {
  const registry = new ApiKeyRegistry([
    { platform: 'gdx', key: 'gdx-key-0123456789' },
    { platform: 'gdx', key: 'gdx-rotated-key-0123' },
    { platform: 'mailgothai', key: 'mail-key-0123456789' },
  ]);

  it('names the platform and which of its keys a bearer token is', () => {
    expect(registry.holderOf('Bearer gdx-key-0123456789')).toEqual({ platform: 'gdx', keyId: 'gdx#0' });
    expect(registry.holderOf('bearer gdx-rotated-key-0123')).toEqual({ platform: 'gdx', keyId: 'gdx#1' });
    expect(registry.holderOf('Bearer mail-key-0123456789')).toEqual({ platform: 'mailgothai', keyId: 'mailgothai#2' });
  });

  it.each([undefined, '', 'gdx-key-0123456789', 'Basic gdx-key-0123456789', 'Bearer gdx-key-012345678', 'Bearer '])('knows no holder for %p', (header) => {
    expect(registry.holderOf(header)).toBeUndefined();
  });
});
