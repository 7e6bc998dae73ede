import { z } from 'zod';
import { DEPARTMENTS, isDepartmentId, type DepartmentId, ITEM_CODE_PATTERN } from '@care/catalogue';
import { commaList } from '@care/config';
import { consumerGroupConfig } from '@care/service-kit';

/** `HZ-02=30,HZ-03=14` -> { 'HZ-02': 30, 'HZ-03': 14 }: days from a grant to its delivery's due date. */
const dueDaysByItem = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const out: Record<string, number> = {};
    for (const part of raw
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')) {
      const [code, days] = part.split('=').map((p) => p.trim());
      const n = Number(days);
      if (!ITEM_CODE_PATTERN.test(code ?? '') || !Number.isInteger(n) || n < 1 || n > 365) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `须为 项目编码=天数(1-365)，以逗号分隔，实为 ${part} / must be ITEM=days`,
        });
        return z.NEVER;
      }
      out[code as string] = n;
    }
    return out;
  });

/**
 * The settings of a department service (spread beside `serviceKitConfig`): which responsible
 * departments of the service list it serves, the city, its consumer groups, and when an
 * entitled service is due (days from the grant, per item where the department sets one).
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
  };
}

export type DepartmentConfig = z.output<z.ZodObject<ReturnType<typeof departmentConfig>>>;
