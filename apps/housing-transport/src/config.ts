import { z } from 'zod';
import { EDUCATION_STAGE_IDS, ITEM_CODE_PATTERN, type EducationStage } from '@care/catalogue';
import { commaList, grpcTargetConfig, type EnvSource } from '@care/config';
import { departmentConfig } from '@care/department-kit';
import { consumerGroupConfig, loadServiceConfig, serviceKitConfig } from '@care/service-kit';

export const housingTransportConfigSchema = z.object({
  ...serviceKitConfig({
    name: 'housing-transport',
    httpPort: 3106,
    grpcBind: '127.0.0.1:50106',
    database: 'housing_transport',
  }),
  ...departmentConfig({ domain: 'housing-transport', departments: ['housing', 'transport'] }),
  /** The education service's gRPC server (a child's school and grade for the student bus card). */
  ...grpcTargetConfig('EDUCATION_GRPC_ADDRESS', '127.0.0.1:50103'),
  /** How long a call to education may take before the officer is told it is unavailable. */
  EDUCATION_GRPC_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  /** The stages whose pupils get the student bus card (学生公交卡). */
  BUS_CARD_STAGES: commaList(
    z.string().refine((s) => (EDUCATION_STAGE_IDS as string[]).includes(s), {
      message: `须为学段编码之一：${EDUCATION_STAGE_IDS.join(', ')} / must be a stage id`,
    }),
  )
    .default('primary,junior-secondary,senior-secondary,secondary-vocational,special')
    .transform((ids) => ids as EducationStage[]),
  ...consumerGroupConfig('SCHOOLING_CONSUMER_GROUP', 'housing-transport.schooling'),
  /** The counties' housing-security standards (JSON, see @care/housing-transport-rules); unset: the demo data. */
  HOUSING_POLICY_FILE: z.string().min(1).optional(),
  /** The service-list item that housing secured delivers (住房保障服务). */
  HOUSING_ITEM_CODE: z
    .string()
    .regex(ITEM_CODE_PATTERN, '须为服务项目编码（如 HZ-11、371702-01） / must be an item code')
    .default('HZ-11'),
});

/** Production runs on the counties' published standards, never on the demo data. */
function housingPolicyFileProblems(config: { NODE_ENV: string; HOUSING_POLICY_FILE?: string }): string[] {
  return config.NODE_ENV === 'production' && config.HOUSING_POLICY_FILE === undefined
    ? ['HOUSING_POLICY_FILE: 生产环境必填（各县区公布的住房保障标准） / required in production']
    : [];
}

export type HousingTransportConfig = z.output<typeof housingTransportConfigSchema>;

/** Validates the environment once, at boot (the kit's loader). */
export function loadHousingTransportConfig(env: EnvSource = process.env): HousingTransportConfig {
  return loadServiceConfig(housingTransportConfigSchema, env, [housingPolicyFileProblems]);
}
