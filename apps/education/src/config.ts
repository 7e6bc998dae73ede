import { z } from 'zod';
import { EDUCATION_STAGE_IDS, type EducationStage, ITEM_CODE_PATTERN } from '@care/catalogue';
import type { EnvSource } from '@care/config';
import { departmentConfig } from '@care/department-kit';
import { consumerGroupConfig, loadServiceConfig, serviceKitConfig } from '@care/service-kit';

/** `primary=HZ-03,junior-secondary=HZ-03` -> { primary: 'HZ-03', ... }: the item an enrolment delivers. */
const itemsByStage = z
  .string()
  .default(
    'preschool=HZ-02,primary=HZ-03,junior-secondary=HZ-03,special=HZ-03,senior-secondary=HZ-04,secondary-vocational=HZ-05',
  )
  .transform((raw, ctx) => {
    const out: Partial<Record<EducationStage, string>> = {};
    for (const part of raw
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')) {
      const [stage, code] = part.split('=').map((p) => p.trim());
      if (!(EDUCATION_STAGE_IDS as string[]).includes(stage ?? '') || !ITEM_CODE_PATTERN.test(code ?? '')) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `须为 学段=项目编码，以逗号分隔，实为 ${part} / must be stage=ITEM`,
        });
        return z.NEVER;
      }
      out[stage as EducationStage] = code;
    }
    return out;
  });

export const educationConfigSchema = z.object({
  ...serviceKitConfig({
    name: 'education',
    httpPort: 3103,
    grpcBind: '127.0.0.1:50103',
    database: 'education',
  }),
  ...departmentConfig({ domain: 'education', departments: ['education-sports'] }),
  /** The service-list item an enrolment at each stage delivers (学前/义务/高中/中职教育服务). */
  ENROLMENT_DELIVERS_ITEMS: itemsByStage,
  /** The registry's move-outs, which end a current enrolment ('moved-out'). */
  ...consumerGroupConfig('MOVE_OUT_CONSUMER_GROUP', 'education.registry-move-out'),
});

export type EducationConfig = z.output<typeof educationConfigSchema>;

/** Validates the environment once, at boot (the kit's loader). */
export function loadEducationConfig(env: EnvSource = process.env): EducationConfig {
  return loadServiceConfig(educationConfigSchema, env);
}
