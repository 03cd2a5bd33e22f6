import { KafkaJSGroupCoordinatorNotFound, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { KafkaAccessDeniedError, KafkaUnavailableError, toKafkaError } from './kafka-errors';
import { brokerRefusalOf, kafkaRefusalCounts, noteBrokerAnswer } from './kafka-refusals';

// kafkajs builds it from its error table's entry; its typings only admit an Error or a message.
const protocolError = (type: string, code: number) => new KafkaJSProtocolError(Object.assign(new Error(type), { type, code, retriable: false }));
// As kafkajs throws it: with a message, which its typings leave out.
const coordinatorNotFound = () => Reflect.construct(KafkaJSGroupCoordinatorNotFound, ['Failed to find group coordinator']) as Error;
const coordinatorAnswer = (error: string) =>
  noteBrokerAnswer({
    namespace: 'Connection',
    level: 1,
    label: 'ERROR',
    log: { timestamp: '', message: 'Response GroupCoordinator(key: 10, version: 2)', error },
  });

describe(brokerRefusalOf.name, () => {
  it('finds the broker’s authorization error inside kafkajs’ retry wrapper', () => {
    const wrapped = new KafkaJSNumberOfRetriesExceeded(protocolError('TOPIC_AUTHORIZATION_FAILED', 29), { retryCount: 5, retryTime: 100 });
    expect(brokerRefusalOf(wrapped)).toEqual({ kind: 'authorization', type: 'TOPIC_AUTHORIZATION_FAILED', code: 29 });
  });

  it('attributes a coordinator not found to the group refusal kafkajs logged just before, once', () => {
    coordinatorAnswer('Not authorized to access group: Group authorization failed');
    expect(brokerRefusalOf(coordinatorNotFound())).toEqual({
      kind: 'authorization',
      type: 'GROUP_AUTHORIZATION_FAILED',
      code: 30,
    });
    expect(brokerRefusalOf(coordinatorNotFound())).toBeUndefined();
  });

  it('leaves errors that are not refusals alone', () => {
    expect(brokerRefusalOf(protocolError('NOT_LEADER_FOR_PARTITION', 6))).toBeUndefined();
  });
});

describe(toKafkaError.name, () => {
  it('turns a refusal into a non-retriable KafkaAccessDeniedError keeping the broker’s code, counted once however often it is rethrown', () => {
    const before = kafkaRefusalCounts()['authorization:CLUSTER_AUTHORIZATION_FAILED'] ?? 0;
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = toKafkaError('producer connect', protocolError('CLUSTER_AUTHORIZATION_FAILED', 31));
    expect(toKafkaError('outer', error)).toBe(error);
    const logged = warn.mock.calls.length;
    warn.mockRestore();
    expect(error).toBeInstanceOf(KafkaAccessDeniedError);
    expect(error).toBeInstanceOf(KafkaUnavailableError);
    expect([error.code, error.retriable, (error as KafkaAccessDeniedError).brokerError]).toEqual([
      'KAFKA_ACCESS_DENIED',
      false,
      { type: 'CLUSTER_AUTHORIZATION_FAILED', code: 31 },
    ]);
    expect(kafkaRefusalCounts()['authorization:CLUSTER_AUTHORIZATION_FAILED']).toBe(before + 1);
    expect(logged).toBe(1);
  });
});
