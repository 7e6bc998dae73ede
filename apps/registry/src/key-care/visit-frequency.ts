import {
  DEFAULT_VISIT_FREQUENCY,
  DIFFICULTY_TYPES,
  isDifficultyType,
  type DifficultyType,
  type VisitFrequencyConfig,
} from '@care/child-rules';
import { z } from 'zod';

/**
 * The visit frequency table (走访频次, months between regular visits per difficulty type) as
 * configured: `KEY_CARE_VISIT_FREQUENCY_MONTHS=lack-of-guardianship=1,vagrancy=1`. Types not
 * named keep their default (DEFAULT_VISIT_FREQUENCY of @care/child-rules), so an operator
 * changes only what their county decided.
 */
export function parseVisitFrequency(
  raw: string | undefined,
): { ok: true; value: VisitFrequencyConfig } | { ok: false; problems: string[] } {
  const table: Record<DifficultyType, number> = { ...DEFAULT_VISIT_FREQUENCY };
  if (raw === undefined || raw.trim() === '') return { ok: true, value: table };
  const problems: string[] = [];
  const seen = new Set<DifficultyType>();
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const m = /^([a-z-]+)\s*=\s*([0-9]+)$/.exec(part);
    if (!m) {
      problems.push(`"${part}": 须为 类型=月数 / must be type=months`);
      continue;
    }
    const [, type, months] = m;
    if (!isDifficultyType(type)) {
      problems.push(
        `"${type}": 未知困境类型，须为 ${DIFFICULTY_TYPES.join('|')} 之一 / unknown difficulty type`,
      );
      continue;
    }
    if (seen.has(type)) {
      problems.push(`"${type}": 重复配置 / configured twice`);
      continue;
    }
    const value = Number(months);
    if (value < 1 || value > 12) {
      problems.push(`"${type}": 走访间隔须为1至12个月 / interval must be 1..12 months`);
      continue;
    }
    seen.add(type);
    table[type] = value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: table };
}

/**
 * The config fragment R-core spreads into the registry's schema. Validated at boot: a typo in
 * the table fails the start instead of silently visiting children less often.
 */
export const keyCareConfig = {
  KEY_CARE_VISIT_FREQUENCY_MONTHS: z
    .string()
    .optional()
    .transform((raw, ctx): VisitFrequencyConfig => {
      const parsed = parseVisitFrequency(raw);
      if (parsed.ok) return parsed.value;
      for (const problem of parsed.problems) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      return z.NEVER;
    }),
};

export type KeyCareConfig = { KEY_CARE_VISIT_FREQUENCY_MONTHS?: VisitFrequencyConfig };
