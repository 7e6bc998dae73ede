import { CONFIG } from '@care/config';
import type { registry } from '@care/contracts';
import { GrpcClientModule, type GrpcClient } from '@care/grpc';
import type { EducationConfig } from '../config';

/** The registry's queries: which children a roster's ID numbers name. */
export const REGISTRY_CLIENT = Symbol('RegistryServiceClient');
export type RegistryClient = GrpcClient<registry.RegistryServiceClient>;

/** Failures name this dependency to the officer (`登记服务暂时不可用，请稍后重试`). */
export const REGISTRY_DEPENDENCY = '登记服务';

export const registryClientModule = GrpcClientModule.register({
  token: REGISTRY_CLIENT,
  pkg: 'registry',
  inject: [CONFIG],
  useFactory: (config: EducationConfig) => ({
    address: config.REGISTRY_GRPC_ADDRESS,
    deadlineMs: config.REGISTRY_GRPC_DEADLINE_MS,
    retries: 1,
    dependency: REGISTRY_DEPENDENCY,
  }),
});
