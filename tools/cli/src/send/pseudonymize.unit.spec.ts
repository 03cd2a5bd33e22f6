import { createHmac } from 'node:crypto';
import { pseudonym, pseudonymizeEntity, rawEntityOf } from './pseudonymize';

const KEY = 'platform-secret-key';

describe(pseudonymizeEntity.name, () => {
  it('replaces a raw entity with hmac-v<version>:<HMAC-SHA256 hex> and leaves the rest of the event alone', () => {
    const event = { id: 'e1', data: { metric: 'staff_upskilled', entity: 'somchai@example.com', value: 1 } };

    const sent = pseudonymizeEntity(event, KEY, 3);

    const expected = createHmac('sha256', KEY).update('somchai@example.com').digest('hex');
    expect(sent).toEqual({ id: 'e1', data: { metric: 'staff_upskilled', entity: `hmac-v3:${expected}`, value: 1 } });
    expect(event.data.entity).toBe('somchai@example.com');
  });

  it('leaves an entity that is already a pseudonym, and events without one, unchanged', () => {
    const already = { data: { entity: pseudonym('x', KEY, 1) } };
    expect(pseudonymizeEntity(already, 'another-key', 2)).toBe(already);
    expect(pseudonymizeEntity({ data: { value: 1 } }, KEY, 1)).toEqual({ data: { value: 1 } });
    expect(rawEntityOf('not an event')).toBeUndefined();
  });

  it('gives the same identifier the same pseudonym under one key, and a different one under another key', () => {
    expect(pseudonym('1234567890121', KEY, 1)).toBe(pseudonym('1234567890121', KEY, 1));
    expect(pseudonym('1234567890121', KEY, 1)).not.toBe(pseudonym('1234567890121', 'rotated-key', 2));
  });
});
