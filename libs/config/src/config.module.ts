import { Global, Inject, Module, type DynamicModule } from '@nestjs/common';

/** Provider token of the app's validated config (the value `loadConfig` returned in main.ts). */
export const CONFIG = Symbol.for('care.config');

/** `constructor(@InjectConfig() private readonly config: RegistryConfig)` */
export const InjectConfig = (): PropertyDecorator & ParameterDecorator => Inject(CONFIG);

/**
 * Provides the already-validated config to the whole app. It takes the value, not the schema,
 * because main.ts must load config before Nest starts (telemetry needs the service name).
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot<T extends object>(config: T): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: CONFIG, useValue: Object.freeze({ ...config }) }],
      exports: [CONFIG],
    };
  }
}
