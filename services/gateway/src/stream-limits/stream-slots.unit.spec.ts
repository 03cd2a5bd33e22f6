import { StreamSlots } from './stream-slots';

describe(StreamSlots.name, () => {
  it('refuses a client its next stream at its limit, naming the scope and the limit, while another client still gets one', () => {
    const slots = new StreamSlots({ perClient: 2, total: 10 });
    expect(slots.take('10.0.0.1').granted).toBe(true);
    expect(slots.take('10.0.0.1').granted).toBe(true);
    expect(slots.take('10.0.0.1')).toMatchObject({ granted: false, refusal: { error: 'too_many_streams', scope: 'client', limit: 2 } });
    expect(slots.take('10.0.0.2').granted).toBe(true);
  });

  it('refuses every client once the gateway holds its total, and frees a slot once per release', () => {
    const slots = new StreamSlots({ perClient: 5, total: 2 });
    const first = slots.take('a');
    slots.take('b');
    expect(slots.take('c')).toMatchObject({ granted: false, refusal: { scope: 'gateway', limit: 2 } });
    if (!first.granted) throw new Error('the first stream was refused');
    first.release();
    first.release();
    expect(slots.open).toBe(1);
    expect(slots.take('c').granted).toBe(true);
    expect(slots.take('d').granted).toBe(false);
  });
});
