import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config';
import {
  grpcServerConfig,
  grpcTargetConfig,
  optionalGrpcTargetConfig,
  httpConfig,
  kafkaConfig,
  logConfig,
  mongoConfig,
  otelConfig,
  serviceConfig,
} from './fragments';

const schema = z.object({
  ...serviceConfig('registry'),
  ...httpConfig(3001),
  ...grpcServerConfig('0.0.0.0:50051'),
  ...kafkaConfig('registry'),
  ...mongoConfig('registry'),
  ...logConfig,
  ...otelConfig,
});

const PRODUCTION_COMPLETE = {
  NODE_ENV: 'production',
  HTTP_PORT: '8080',
  GRPC_BIND_ADDRESS: '0.0.0.0:50051',
  KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
  KAFKA_TLS_CA_FILE: '/var/run/secrets/care/kafka-ca/ca.crt',
  KAFKA_TLS_CERT_FILE: '/var/run/secrets/care/kafka-user/user.crt',
  KAFKA_TLS_KEY_FILE: '/var/run/secrets/care/kafka-user/user.key',
  MONGODB_URI: 'mongodb://db-1:27017/',
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('starts a developer laptop with nothing set, on the dev defaults', () => {
    expect(loadConfig(schema, {})).toEqual({
      SERVICE_NAME: 'registry',
      NODE_ENV: 'development',
      HTTP_PORT: 3001,
      GRPC_BIND_ADDRESS: '0.0.0.0:50051',
      KAFKA_BROKERS: ['127.0.0.1:19092'],
      KAFKA_CLIENT_ID: 'registry',
      KAFKA_TLS_CA_FILE: '', // plaintext to the local broker
      KAFKA_TLS_CERT_FILE: '',
      KAFKA_TLS_KEY_FILE: '',
      MONGODB_URI: 'mongodb://127.0.0.1:27017/',
      MONGODB_DATABASE: 'registry',
      MONGODB_MAX_POOL_SIZE: 8,
      LOG_LEVEL: 'info',
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
    });
  });

  it('parses a complete production environment: comma list to array, port to number, otlp by default', () => {
    const config = loadConfig(schema, PRODUCTION_COMPLETE);
    expect(config.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092']);
    expect(config.HTTP_PORT).toBe(8080);
    expect(config.OTEL_TRACES_EXPORTER).toBe('otlp');
  });

  it('keeps each field its own dev default when fields share one schema (every host:port)', () => {
    const schema = z.object({
      ...grpcServerConfig('127.0.0.1:50106'),
      ...grpcTargetConfig('EDUCATION_GRPC_ADDRESS', '127.0.0.1:50103'),
      ...grpcTargetConfig('REGISTRY_GRPC_ADDRESS', '127.0.0.1:50051'),
    });
    expect(loadConfig(schema, {})).toEqual({
      GRPC_BIND_ADDRESS: '127.0.0.1:50106',
      EDUCATION_GRPC_ADDRESS: '127.0.0.1:50103',
      REGISTRY_GRPC_ADDRESS: '127.0.0.1:50051',
    });
    expect(() => loadConfig(schema, { NODE_ENV: 'production', GRPC_BIND_ADDRESS: '0.0.0.0:1' })).toThrow(
      /EDUCATION_GRPC_ADDRESS/,
    );
    expect(() => loadConfig(schema, { EDUCATION_GRPC_ADDRESS: 'nohost' })).toThrow(/EDUCATION_GRPC_ADDRESS/);
  });

  it('takes an optional target on its dev default, and leaves it unset in production', () => {
    const schema = z.object({ ...optionalGrpcTargetConfig('EDUCATION_GRPC_ADDRESS', '127.0.0.1:50103') });
    expect(loadConfig(schema, {})).toEqual({ EDUCATION_GRPC_ADDRESS: '127.0.0.1:50103' });
    expect(loadConfig(schema, { NODE_ENV: 'production' })).toEqual({});
    expect(() => loadConfig(schema, { NODE_ENV: 'production', EDUCATION_GRPC_ADDRESS: 'x' })).toThrow(
      /EDUCATION_GRPC_ADDRESS/,
    );
  });

  it('ignores variables the schema does not declare', () => {
    expect(loadConfig(schema, { ...PRODUCTION_COMPLETE, UNRELATED: 'x' })).not.toHaveProperty('UNRELATED');
  });

  // One row per rule: [reason, environment, the exact problem line expected].
  const rows: Array<[string, Record<string, string | undefined>, string]> = [
    [
      'production has no dev defaults: a missing broker list fails the boot',
      { ...PRODUCTION_COMPLETE, KAFKA_BROKERS: undefined },
      'KAFKA_BROKERS: 必填 / required',
    ],
    [
      'a blank value counts as unset',
      { ...PRODUCTION_COMPLETE, MONGODB_URI: '  ' },
      'MONGODB_URI: 必填 / required',
    ],
    [
      'a broker list of only commas has no entry',
      { ...PRODUCTION_COMPLETE, KAFKA_BROKERS: ' , ,' },
      'KAFKA_BROKERS: 至少一项 / at least one entry',
    ],
    [
      'each broker must be host:port',
      { ...PRODUCTION_COMPLETE, KAFKA_BROKERS: 'kafka-1:9092,kafka-2' },
      'KAFKA_BROKERS.1: 须为 host:port 形式 / must be host:port',
    ],
    [
      'a port above 65535',
      { ...PRODUCTION_COMPLETE, HTTP_PORT: '70000' },
      'HTTP_PORT: 不能大于 65535 / must be <= 65535',
    ],
    [
      'a port that is not a number',
      { ...PRODUCTION_COMPLETE, HTTP_PORT: 'eighty' },
      'HTTP_PORT: 须为端口号 / must be a port number',
    ],
    [
      'an unknown log level',
      { ...PRODUCTION_COMPLETE, LOG_LEVEL: 'verbose' },
      'LOG_LEVEL: 取值须为 fatal|error|warn|info|debug|trace|silent 之一 / must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
    ],
    [
      'an unknown exporter',
      { ...PRODUCTION_COMPLETE, OTEL_TRACES_EXPORTER: 'jaeger' },
      'OTEL_TRACES_EXPORTER: 取值须为 otlp|console|memory|none 之一 / must be one of otlp, console, memory, none (got "jaeger")',
    ],
    [
      'a database URI of another scheme',
      { ...PRODUCTION_COMPLETE, MONGODB_URI: 'postgres://db/x' },
      'MONGODB_URI: 须以 mongodb:// 开头 / must be a mongodb:// URI',
    ],
    [
      'a port with a fraction',
      { ...PRODUCTION_COMPLETE, HTTP_PORT: '80.5' },
      'HTTP_PORT: 须为整数 / must be an integer',
    ],
    [
      'a database name with a dot (MongoDB forbids it)',
      { ...PRODUCTION_COMPLETE, MONGODB_DATABASE: 'care.registry' },
      'MONGODB_DATABASE: 仅限字母数字_- / letters, digits, _ and - only',
    ],
    [
      'a gRPC bind without port',
      { ...PRODUCTION_COMPLETE, GRPC_BIND_ADDRESS: '0.0.0.0' },
      'GRPC_BIND_ADDRESS: 须为 host:port 形式 / must be host:port',
    ],
    [
      'a collector endpoint that is not a URL',
      { ...PRODUCTION_COMPLETE, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' },
      'OTEL_EXPORTER_OTLP_ENDPOINT: 须为 URL / must be a URL',
    ],
  ];

  it.each(rows)('%s', (_reason, env, expected) => {
    expect(problemsOf(env)).toEqual([expected]);
  });

  it('names every bad variable at once, in one error message', () => {
    const { KAFKA_BROKERS: _k, MONGODB_URI: _m, ...rest } = PRODUCTION_COMPLETE;
    let thrown: unknown;
    try {
      loadConfig(schema, { ...rest, HTTP_PORT: '-1' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as ConfigError).message;
    expect(message).toContain('HTTP_PORT: 不能小于 0 / must be >= 0');
    expect(message).toContain('KAFKA_BROKERS: 必填 / required');
    expect(message).toContain('MONGODB_URI: 必填 / required');
    expect((thrown as ConfigError).problems).toHaveLength(3);
  });
});
