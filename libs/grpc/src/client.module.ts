import {
  Module,
  type DynamicModule,
  type FactoryProvider,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { GrpcPackageName } from '@care/contracts';
import { createGrpcClient, type GrpcClient, type GrpcClientOptions } from './client';

export interface GrpcClientRegistration {
  /** Provider token, e.g. `export const REGISTRY_CLIENT = Symbol('RegistryServiceClient')`. */
  readonly token: InjectionToken;
  readonly pkg: GrpcPackageName;
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: FactoryProvider['inject'];
  /** Usually reads the address from the app's config (`inject: [CONFIG]`). */
  readonly useFactory: (...deps: never[]) => GrpcClientOptions & { address: string };
}

class GrpcClientCloser implements OnApplicationShutdown {
  constructor(private readonly client: GrpcClient<object>) {}
  onApplicationShutdown(): void {
    this.client.close();
  }
}

/** Provides a typed gRPC client under `token`, closed when the app shuts down. */
@Module({})
export class GrpcClientModule {
  static register(registration: GrpcClientRegistration): DynamicModule {
    const closerToken = Symbol(`grpc-client-closer:${String(registration.pkg)}`);
    return {
      module: GrpcClientModule,
      imports: registration.imports ?? [],
      providers: [
        {
          provide: registration.token,
          inject: registration.inject ?? [],
          useFactory: (...deps: never[]) => {
            const { address, ...options } = registration.useFactory(...deps);
            return createGrpcClient<object>(registration.pkg, address, options);
          },
        },
        {
          provide: closerToken,
          inject: [registration.token],
          useFactory: (client: GrpcClient<object>) => new GrpcClientCloser(client),
        },
      ],
      exports: [registration.token],
    };
  }
}
