import { z } from 'zod';
import hezeDemoPolicies from './data/heze-housing-policies.json';

// 住房保障 (seed §9: 对于符合当地住房保障条件的流动儿童家庭，通过实物配租公共租赁住房或者发放租赁
// 补贴等方式，保障流动儿童家庭住房权益). Each county publishes its own conditions and standards;
// the platform holds them as configuration data, one entry per county, never as code branches.

const COUNTY = /^[0-9]{6}$/;

export const countyHousingPolicySchema = z.object({
  countyCode: z.string().regex(COUNTY, '须为6位县区代码'),
  /** 家庭人均月收入上限 (yuan). */
  incomeCeilingPerCapitaMonthlyYuan: z.number().int().positive(),
  /** 家庭人均住房建筑面积上限 (m²): below it the family is in housing difficulty. */
  areaCeilingPerCapitaSqm: z.number().positive(),
  /** 在本县区连续居住（或缴纳社会保险）月数下限. */
  minResidenceMonths: z.number().int().min(0),
  /** 租赁补贴 standard: yuan per m² per month. */
  subsidyYuanPerSqmMonthly: z.number().positive(),
  /** 保障面积标准: m² per person, and the most for one family. */
  guaranteedAreaPerCapitaSqm: z.number().positive(),
  guaranteedAreaMaxSqm: z.number().positive(),
  /** Where the figures come from (the county's published document), shown to officers. */
  source: z.string().min(1),
});

export type CountyHousingPolicy = z.output<typeof countyHousingPolicySchema>;

export const housingPoliciesSchema = z
  .array(countyHousingPolicySchema)
  .min(1, '至少须有一个县区的住房保障标准')
  .superRefine((policies, ctx) => {
    const seen = new Set<string>();
    policies.forEach((p, i) => {
      if (seen.has(p.countyCode))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [i, 'countyCode'],
          message: `县区 ${p.countyCode} 重复`,
        });
      seen.add(p.countyCode);
    });
  });

/** The policies by county, validated (a bad file fails the boot, naming the entry and field). */
export function readHousingPolicies(raw: unknown): ReadonlyMap<string, CountyHousingPolicy> {
  const parsed = housingPoliciesSchema.parse(raw);
  return new Map(parsed.map((p) => [p.countyCode, p]));
}

/**
 * Demonstration standards for two Heze districts, for development and the demo only (each entry
 * says so in `source`); production names the counties' published file (HOUSING_POLICY_FILE).
 */
export const DEMO_HOUSING_POLICIES: ReadonlyMap<string, CountyHousingPolicy> =
  readHousingPolicies(hezeDemoPolicies);
