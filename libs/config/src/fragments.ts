import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { ConfigError, devDefault } from './load-config';

// Schema fragments shared by every app: spread them into the app's own z.object({...}).
// Raw env values are strings, so each fragment parses and coerces, with a bilingual rule message.

const port = z.coerce
  .number({ invalid_type_error: '须为端口号 / must be a port number' })
  .int('须为整数 / must be an integer')
  .min(0)
  .max(65535);

const HOST_PORT = /^[A-Za-z0-9.\-_]+:[0-9]{1,5}$|^\[[0-9A-Fa-f:]+\]:[0-9]{1,5}$/;
const hostPort = z.string().regex(HOST_PORT, '须为 host:port 形式 / must be host:port');

/** Comma-separated list, blanks dropped: `a:1, b:2` -> ['a:1', 'b:2']. */
export function commaList<T extends z.ZodTypeAny>(item: T) {
  return z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(z.array(item).min(1, '至少一项 / at least one entry'));
}

/**
 * `a=1, b=2` -> `defaults` with those keys replaced: per-key whole numbers in [min, max] (due
 * days per state, per service item). A key the closed list (or the test) does not accept, or a
 * value out of range, is refused naming the entry and the rule.
 */
export function keyedIntegers<K extends string>(options: {
  /** The keys allowed: a closed list, or a test (item codes). */
  readonly keys: readonly K[] | ((key: string) => boolean);
  readonly defaults: Readonly<Partial<Record<K, number>>>;
  readonly min: number;
  readonly max: number;
  /** What a key and a value are, in Chinese, for the message: 状态, 天数. */
  readonly keyLabel: string;
  readonly valueLabel: string;
}) {
  const allowed = (key: string): key is K =>
    typeof options.keys === 'function'
      ? options.keys(key)
      : (options.keys as readonly string[]).includes(key);
  const keysText =
    typeof options.keys === 'function' ? '' : `，${options.keyLabel}为 ${options.keys.join('、')} 之一`;
  return z
    .string()
    .default('')
    .transform((raw, ctx) => {
      const out: Partial<Record<K, number>> = { ...options.defaults };
      for (const part of raw
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '')) {
        const [key, value] = part.split('=').map((p) => p.trim());
        const n = Number(value);
        if (!allowed(key ?? '') || !Number.isInteger(n) || n < options.min || n > options.max) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `须为 ${options.keyLabel}=${options.valueLabel}(${options.min}-${options.max})，以逗号分隔${keysText}，实为 ${part} / must be key=integer`,
          });
          return z.NEVER;
        }
        out[key as K] = n;
      }
      return out;
    });
}

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const TRACE_EXPORTERS = ['otlp', 'console', 'memory', 'none'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type TraceExporterKind = (typeof TRACE_EXPORTERS)[number];

/** SERVICE_NAME (defaults to the app's own name everywhere: it is not a secret) and NODE_ENV. */
export function serviceConfig(defaultName: string) {
  return {
    SERVICE_NAME: z.string().min(1).default(defaultName),
    NODE_ENV: z.enum(NODE_ENVS).default('development'),
  };
}

/** HTTP_PORT for the department's local UI/API. */
export function httpConfig(defaultPort: number) {
  return { HTTP_PORT: devDefault(port, String(defaultPort)) };
}

/** GRPC_BIND_ADDRESS, where this service's gRPC server listens (`0.0.0.0:50051`). */
export function grpcServerConfig(defaultBind: string) {
  return { GRPC_BIND_ADDRESS: devDefault(hostPort, defaultBind) };
}

/** The address of another service's gRPC server, e.g. `grpcTargetConfig('REGISTRY_GRPC_ADDRESS', '127.0.0.1:50051')`. */
export function grpcTargetConfig<K extends string>(name: K, devValue: string): { [P in K]: typeof hostPort } {
  return { [name]: devDefault(hostPort, devValue) } as { [P in K]: typeof hostPort };
}

/**
 * The address of a service this one uses when it runs, and does without when it does not (in
 * production it may be left unset); set outside production to `devValue`.
 */
export function optionalGrpcTargetConfig<K extends string>(
  name: K,
  devValue: string,
): { [P in K]: z.ZodOptional<typeof hostPort> } {
  return { [name]: devDefault(hostPort.optional(), devValue) } as {
    [P in K]: z.ZodOptional<typeof hostPort>;
  };
}

/**
 * KAFKA_BROKERS (`host:port,host:port` -> string[]), KAFKA_CLIENT_ID, and mutual TLS to the
 * brokers: KAFKA_TLS_CA_FILE (the cluster CA, Strimzi's `ca.crt`), KAFKA_TLS_CERT_FILE and
 * KAFKA_TLS_KEY_FILE (the service's KafkaUser `user.crt`/`user.key`: the ACLs are the
 * certificate's). Required in production; empty (plaintext, the local broker) elsewhere unless set.
 */
export function kafkaConfig(defaultClientId: string) {
  return {
    KAFKA_BROKERS: devDefault(commaList(hostPort), '127.0.0.1:19092'),
    KAFKA_CLIENT_ID: z.string().min(1).default(defaultClientId),
    KAFKA_TLS_CA_FILE: devDefault(z.string(), ''),
    KAFKA_TLS_CERT_FILE: devDefault(z.string(), ''),
    KAFKA_TLS_KEY_FILE: devDefault(z.string(), ''),
  };
}

/** The TLS settings of kafkaConfig. */
export interface KafkaTlsConfig {
  readonly KAFKA_TLS_CA_FILE: string;
  readonly KAFKA_TLS_CERT_FILE: string;
  readonly KAFKA_TLS_KEY_FILE: string;
}

/** What a Kafka client's TLS needs (node:tls options): PEM text read from the configured files. */
export interface KafkaTls {
  readonly ca: string;
  readonly cert?: string;
  readonly key?: string;
}

/** A client certificate without its key (or the other way round), or a certificate without the CA. */
export function kafkaTlsProblems(config: KafkaTlsConfig): string[] {
  const problems: string[] = [];
  const cert = config.KAFKA_TLS_CERT_FILE !== '';
  const key = config.KAFKA_TLS_KEY_FILE !== '';
  if (cert && !key)
    problems.push('KAFKA_TLS_KEY_FILE: 设置客户端证书时必填 / required with KAFKA_TLS_CERT_FILE');
  if (key && !cert)
    problems.push('KAFKA_TLS_CERT_FILE: 设置客户端私钥时必填 / required with KAFKA_TLS_KEY_FILE');
  if ((cert || key) && config.KAFKA_TLS_CA_FILE === '')
    problems.push('KAFKA_TLS_CA_FILE: 使用客户端证书时必填（集群 CA） / required with a client certificate');
  return problems;
}

/**
 * The Kafka client's TLS from the configured files, or undefined for plaintext (no CA file set).
 * Read at boot: a file that cannot be read is a ConfigError naming the setting.
 */
export function readKafkaTls(config: KafkaTlsConfig): KafkaTls | undefined {
  if (config.KAFKA_TLS_CA_FILE === '') return undefined;
  const problems: string[] = [];
  const read = (setting: keyof KafkaTlsConfig): string | undefined => {
    const file = config[setting];
    if (file === '') return undefined;
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      problems.push(
        `${setting}: 无法读取 ${file} / cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
      return undefined;
    }
  };
  const ca = read('KAFKA_TLS_CA_FILE');
  const cert = read('KAFKA_TLS_CERT_FILE');
  const key = read('KAFKA_TLS_KEY_FILE');
  problems.push(...kafkaTlsProblems(config));
  if (problems.length > 0 || ca === undefined) throw new ConfigError(problems);
  return { ca, ...(cert === undefined ? {} : { cert }), ...(key === undefined ? {} : { key }) };
}

/** MONGODB_URI, MONGODB_DATABASE (one database per service) and MONGODB_MAX_POOL_SIZE. */
export function mongoConfig(defaultDatabase: string) {
  return {
    /**
     * Most concurrent database commands (the driver's maxPoolSize, unless the URI sets one).
     * Kept small: FerretDB v1 deadlocks when more concurrent updates arrive than its PostgreSQL
     * pool has connections (each update holds one connection while taking a second).
     */
    MONGODB_MAX_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(8),
    MONGODB_URI: devDefault(
      z.string().regex(/^mongodb(\+srv)?:\/\/.+/, '须以 mongodb:// 开头 / must be a mongodb:// URI'),
      'mongodb://127.0.0.1:27017/',
    ),
    MONGODB_DATABASE: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/, '仅限字母数字_- / letters, digits, _ and - only')
      .default(defaultDatabase),
  };
}

/**
 * EVENT_TOPIC_SUFFIX: appended to every topic a service reads and writes
 * (`registry.child.registered.v1.<suffix>`), so a test run on a shared broker sees only its own
 * events. Never set in production: `topicSuffixProblems` names the breach for the app's loader.
 */
export const eventTopicSuffixConfig = {
  EVENT_TOPIC_SUFFIX: z
    .string()
    .regex(/^[a-z0-9-]{0,40}$/, '仅限小写字母、数字和- / lowercase letters, digits and - only')
    .default(''),
};

/** The refusal of a topic suffix in production, or none. */
export function topicSuffixProblems(config: { NODE_ENV: string; EVENT_TOPIC_SUFFIX: string }): string[] {
  return config.NODE_ENV === 'production' && config.EVENT_TOPIC_SUFFIX !== ''
    ? ['EVENT_TOPIC_SUFFIX: 生产环境不得设置 / must be empty in production']
    : [];
}

export const logConfig = {
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
};

/**
 * Tracing: OTEL_TRACES_EXPORTER (`otlp` in production unless set, `none` in development)
 * and OTEL_EXPORTER_OTLP_ENDPOINT (the collector's OTLP/HTTP base URL).
 */
export const otelConfig = {
  OTEL_TRACES_EXPORTER: devDefault(z.enum(TRACE_EXPORTERS).default('otlp'), 'none'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url('须为 URL / must be a URL').default('http://127.0.0.1:4318'),
};
