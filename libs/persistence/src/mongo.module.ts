import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import mongoose, { type Connection, type Model, type Schema, type mongo } from 'mongoose';

/** Provider token of the service's mongoose connection. */
export const MONGO_CONNECTION = Symbol.for('care.mongo.connection');

export const InjectConnection = (): PropertyDecorator & ParameterDecorator => Inject(MONGO_CONNECTION);

export function getModelToken(name: string): string {
  return `care.mongo.model:${name}`;
}

/** `constructor(@InjectModel(CHILD) private readonly children: Model<ChildDocument>)` */
export const InjectModel = (name: string): PropertyDecorator & ParameterDecorator =>
  Inject(getModelToken(name));

export interface MongoOptions {
  /** MONGODB_URI: FerretDB in development and tests, MongoDB 7 in production. */
  readonly uri: string;
  /** MONGODB_DATABASE: one database per service. */
  readonly dbName: string;
  /** Default 5000 ms, so a missing database fails the boot promptly instead of hanging. */
  readonly serverSelectionTimeoutMS?: number;
  /** Build declared indexes at start (default true; unique indexes are part of correctness). */
  readonly autoIndex?: boolean;
  /** MONGODB_MAX_POOL_SIZE: the driver's pool bound, unless the URI sets maxPoolSize itself. */
  readonly maxPoolSize?: number;
}

/** `uri` with `maxPoolSize` added, unless the URI already sets one (an operator's URI wins). */
export function withPoolBound(uri: string, maxPoolSize: number | undefined): string {
  if (maxPoolSize === undefined || /[?&]maxPoolSize=/i.test(uri)) return uri;
  const hasQuery = /\?[^/]*$/.test(uri);
  const base = hasQuery || uri.endsWith('/') ? uri : `${uri}/`;
  return `${base}${hasQuery ? '&' : '?'}maxPoolSize=${maxPoolSize}`;
}

function singleHost(uri: string): boolean {
  const hosts = /^mongodb:\/\/(?:[^@/]*@)?([^/?]*)/.exec(uri)?.[1] ?? '';
  return hosts !== '' && !hosts.includes(',');
}

/**
 * Connects with options FerretDB accepts: no retryable writes (FerretDB v1 has no sessions or
 * transactions), a direct connection for a single host (no replica-set discovery), and no
 * reliance on server features beyond the wire protocol's basics.
 */
export async function connectMongo(options: MongoOptions): Promise<Connection> {
  const directConnection =
    singleHost(options.uri) &&
    !options.uri.startsWith('mongodb+srv://') &&
    !/[?&]replicaSet=/.test(options.uri);
  const connection = mongoose.createConnection(withPoolBound(options.uri, options.maxPoolSize), {
    dbName: options.dbName,
    retryWrites: false,
    directConnection,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
    autoIndex: options.autoIndex ?? true,
    autoCreate: true,
  });
  await connection.asPromise();
  return connection;
}

/** The native driver collection of an open connection (outbox sources, bulk paths). */
export function nativeCollection(connection: Connection, name: string): mongo.Collection {
  if (connection.db === undefined) throw new Error(`the mongo connection is not open (collection ${name})`);
  return connection.db.collection(name);
}

/** Readiness check (for HealthModule): the database answers `ping`. Structurally a ReadinessCheck. */
export function mongoReadinessCheck(
  connection: Connection,
  name = 'mongo',
): { name: string; check(): Promise<boolean> } {
  return {
    name,
    check: async () => {
      const db = connection.db;
      if (db === undefined || connection.readyState !== mongoose.ConnectionStates.connected) return false;
      const result = await db.command({ ping: 1 });
      return result.ok === 1;
    },
  };
}

@Injectable()
class MongoConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(MONGO_CONNECTION) private readonly connection: Connection) {}
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

export interface ModelDefinition {
  readonly name: string;
  readonly schema: Schema;
  /** Collection name; default mongoose's pluralised model name. */
  readonly collection?: string;
}

/** The service's single connection (global) plus `forFeature` model providers. */
@Module({})
export class MongoModule {
  static forRoot(options: MongoOptions): DynamicModule {
    return {
      module: MongoModule,
      global: true,
      providers: [
        { provide: MONGO_CONNECTION, useFactory: () => connectMongo(options) },
        MongoConnectionCloser,
      ],
      exports: [MONGO_CONNECTION],
    };
  }

  static forFeature(models: readonly ModelDefinition[]): DynamicModule {
    const providers = models.map((definition) => ({
      provide: getModelToken(definition.name),
      inject: [MONGO_CONNECTION],
      useFactory: async (connection: Connection): Promise<Model<unknown>> => {
        const model =
          connection.models[definition.name] ??
          connection.model(definition.name, definition.schema, definition.collection);
        // Unique indexes are rules (one record per ID number): they must exist before the first write.
        await model.init();
        return model;
      },
    }));
    return { module: MongoModule, providers, exports: providers.map((provider) => provider.provide) };
  }
}
