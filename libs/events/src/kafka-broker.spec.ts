// The kafkajs error classification, on the errors kafkajs itself builds: the protocol errors come
// from kafkajs's own code table (retriable flags included), so a kafkajs upgrade that changes a
// verdict shows up here.
import {
  KafkaJSAggregateError,
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import { TopicNames, isTransientKafkaError } from './kafka-broker';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs's code table is not in its typings
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as {
  createErrorFromCode(code: number): Error;
};

const protocol = (code: number) => new KafkaJSProtocolError(createErrorFromCode(code));
const exceeded = (cause: Error) =>
  new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 0, retryTime: 300 });

describe('isTransientKafkaError', () => {
  it.each([
    // send failures across a failover
    [
      'the dead leader refuses the connection',
      true,
      new KafkaJSConnectionError('connect ECONNREFUSED 127.0.0.1:29093'),
    ],
    [
      'kafkajs gave up (retries: 0) on a connection error',
      true,
      exceeded(new KafkaJSConnectionError('read ECONNRESET')),
    ],
    ['kafkajs gave up on a leader that moved', true, exceeded(protocol(6))],
    [
      'a request that timed out may have been written, or not: send again',
      true,
      new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out'),
    ],
    ['too few in-sync replicas while a broker is down', true, protocol(19)],
    ['written but too few replicas acknowledged it', true, protocol(20)],
    ['a leader election in progress', true, protocol(5)],
    // topic setup on a fresh cluster (tulios/kafkajs#815)
    ['a broker that has not applied the topic creation yet', true, protocol(3)],
    ['a group coordinator not elected yet', true, protocol(15)],
    // permanent
    ['a record larger than the broker accepts', false, protocol(10)],
    ['no authorisation for the topic', false, protocol(29)],
    ['an unknown server error', false, protocol(-1)],
    [
      'kafkajs’s wrapper around a non-retriable error it bailed on',
      false,
      new KafkaJSNonRetriableError(protocol(10)),
    ],
    [
      'the producer is disconnecting (the publisher is closing)',
      false,
      new KafkaJSNonRetriableError('The producer is disconnecting'),
    ],
    [
      'a kafkajs error its authors marked non-retriable',
      false,
      new KafkaJSError('Invalid topic', { retriable: false }),
    ],
    ['a TypeError from a bad record is a bug', false, new TypeError('Cannot read properties of undefined')],
    ['a plain Error is not known to be a broker condition', false, new Error('boom')],
    ['a thrown string', false, 'boom'],
    // topic creation answers, one error per topic
    [
      'every topic existed or was not yet known',
      true,
      new KafkaJSAggregateError('Topic creation errors', [protocol(36), protocol(3)]),
    ],
    [
      'one topic has an invalid replication factor',
      false,
      new KafkaJSAggregateError('Topic creation errors', [protocol(36), protocol(38)]),
    ],
    ['an empty aggregate says nothing', false, new KafkaJSAggregateError('Topic creation errors', [])],
  ])('%s → transient: %s', (_reason, expected, error) => {
    expect(isTransientKafkaError(error)).toBe(expected);
  });
});

describe('TopicNames (test isolation on a shared broker)', () => {
  it('leaves the contract names alone without a suffix', () => {
    const names = new TopicNames();
    expect(names.wire('registry.child.registered.v1')).toBe('registry.child.registered.v1');
    expect(names.contract('registry.child.registered.v1')).toBe('registry.child.registered.v1');
  });

  it('appends the suffix on the wire and strips exactly it back', () => {
    const names = new TopicNames('t-abc12');
    expect(names.wire('registry.child.registered.v1')).toBe('registry.child.registered.v1.t-abc12');
    expect(names.contract('registry.child.registered.v1.t-abc12')).toBe('registry.child.registered.v1');
    expect(names.contract('registry.child.registered.v1.other')).toBe('registry.child.registered.v1.other');
  });

  it('refuses a suffix Kafka or the convention would not accept, naming the rule', () => {
    expect(() => new TopicNames('a.b')).toThrow('topicSuffix must match');
    expect(() => new TopicNames('x'.repeat(61))).toThrow('topicSuffix must match');
  });
});
