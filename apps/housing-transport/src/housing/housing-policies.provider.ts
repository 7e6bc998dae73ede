import { readFileSync } from 'node:fs';
import type { FactoryProvider } from '@nestjs/common';
import { CONFIG } from '@care/config';
import {
  DEMO_HOUSING_POLICIES,
  readHousingPolicies,
  type CountyHousingPolicy,
} from '@care/housing-transport-rules';
import { ZodError } from 'zod';
import type { HousingTransportConfig } from '../config';

export const HOUSING_POLICIES = Symbol('HousingPolicies');
export type HousingPolicies = ReadonlyMap<string, CountyHousingPolicy>;

/** The counties' standards from HOUSING_POLICY_FILE (JSON), else the demo data; a bad file fails the boot. */
export function loadHousingPolicies(file: string | undefined): HousingPolicies {
  if (file === undefined) return DEMO_HOUSING_POLICIES;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`HOUSING_POLICY_FILE ${file}: 不是可读的 JSON 文件 (${(error as Error).message})`);
  }
  try {
    return readHousingPolicies(raw);
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const problems = error.issues.map(
      (i) => `第${Number(i.path[0]) + 1}项 ${i.path.slice(1).join('.')}: ${i.message}`,
    );
    throw new Error(`HOUSING_POLICY_FILE ${file}: ${problems.join('; ')}`);
  }
}

export const housingPoliciesProvider: FactoryProvider<HousingPolicies> = {
  provide: HOUSING_POLICIES,
  inject: [CONFIG],
  useFactory: (config: HousingTransportConfig) => loadHousingPolicies(config.HOUSING_POLICY_FILE),
};
