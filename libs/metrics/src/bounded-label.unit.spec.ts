import { boundedLabel, ruleLabel, UNKNOWN_LABEL } from './bounded-label';

describe(boundedLabel.name, () => {
  it('keeps a known platform and folds anything else, absent included, into one unknown series', () => {
    const platform = boundedLabel(['gdx', 'gin']);
    expect(['gdx', 'gin', 'evil-platform-1', 'urn:x', undefined].map(platform)).toEqual(['gdx', 'gin', UNKNOWN_LABEL, UNKNOWN_LABEL, UNKNOWN_LABEL]);
  });
});

describe(ruleLabel.name, () => {
  it('keeps rule codes and turns free text or a megabyte string into other', () => {
    expect([ruleLabel('pii_in_clear'), ruleLabel('invalid_type'), ruleLabel('Some message: x'), ruleLabel('a'.repeat(100)), ruleLabel(undefined)]).toEqual([
      'pii_in_clear',
      'invalid_type',
      'other',
      'other',
      'other',
    ]);
  });
});
