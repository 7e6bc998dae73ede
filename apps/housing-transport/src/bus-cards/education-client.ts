import { CONFIG } from '@care/config';
import type { education } from '@care/contracts';
import { GrpcClientModule, type GrpcClient } from '@care/grpc';
import type { HousingTransportConfig } from '../config';

/** The education service's queries (a child's current school). */
export const EDUCATION_CLIENT = Symbol('EducationServiceClient');
export type EducationClient = GrpcClient<education.EducationServiceClient>;

/** Failures name this dependency to the officer (`教育服务暂时不可用，请稍后重试`). */
export const EDUCATION_DEPENDENCY = '教育服务';

export const educationClientModule = GrpcClientModule.register({
  token: EDUCATION_CLIENT,
  pkg: 'education',
  inject: [CONFIG],
  useFactory: (config: HousingTransportConfig) => ({
    address: config.EDUCATION_GRPC_ADDRESS,
    deadlineMs: config.EDUCATION_GRPC_DEADLINE_MS,
    retries: 1,
    dependency: EDUCATION_DEPENDENCY,
  }),
});
