import { z } from 'zod';
import { DEPARTMENTS, isDepartmentId, type DepartmentId, ITEM_CODE_PATTERN } from '@care/catalogue';
import { commaList, grpcTargetConfig, keyedIntegers } from '@care/config';
import { consumerGroupConfig } from '@care/service-kit';

/** `HZ-02=30,HZ-03=14` -> { 'HZ-02': 30, 'HZ-03': 14 }: days from a grant to its delivery's due date. */
const dueDaysByItem = keyedIntegers({
  keys: (code) => ITEM_CODE_PATTERN.test(code),
  defaults: {},
  min: 1,
  max: 365,
  keyLabel: '项目编码',
  valueLabel: '天数',
}).transform((days) => days as Record<string, number>);

/**
 * The settings of a department service (spread beside `serviceKitConfig`): which responsible
 * departments of the service list it serves, the city, its consumer groups, when an entitled
 * service is due (days from the grant, per item where the department sets one), and the registry.
 */
export function departmentConfig(defaults: {
  readonly domain: string;
  readonly departments: readonly DepartmentId[];
}) {
  return {
    /** 责任部门 served by this service (catalogue ids, e.g. `education-sports`). */
    SERVICE_DEPARTMENTS: commaList(
      z.string().refine(isDepartmentId, {
        message: `须为责任部门编码之一：${Object.keys(DEPARTMENTS).join(', ')} / must be a department id`,
      }),
    )
      .default(defaults.departments.join(','))
      .transform((ids) => ids as DepartmentId[]),
    /** The city (GB/T 2260 city code, Heze = 371700). */
    CITY_CODE: z
      .string()
      .regex(/^[0-9]{4}00$/, '须为6位城市代码 / must be a 6-digit city code')
      .default('371700'),
    ...consumerGroupConfig('FACTS_CONSUMER_GROUP', `${defaults.domain}.registry-facts`),
    ...consumerGroupConfig('ENTITLEMENTS_CONSUMER_GROUP', `${defaults.domain}.entitlements`),
    /** Days from a grant to the due date of its delivery, unless DELIVERY_DUE_DAYS_BY_ITEM names the item. */
    DELIVERY_DUE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    DELIVERY_DUE_DAYS_BY_ITEM: dueDaysByItem,
    /** The registry's gRPC server: the ID numbers of the department's lists are matched to children there. */
    ...grpcTargetConfig('REGISTRY_GRPC_ADDRESS', '127.0.0.1:50101'),
    /** How long one match call (up to 500 numbers) may take before an import says the registry is unavailable. */
    REGISTRY_GRPC_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  };
}

export type DepartmentConfig = z.output<z.ZodObject<ReturnType<typeof departmentConfig>>>;
