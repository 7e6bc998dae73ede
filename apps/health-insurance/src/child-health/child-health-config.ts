import { z } from 'zod';
import { ITEM_CODE_PATTERN } from '@care/catalogue';

/** The 0～3岁儿童健康管理 settings (spread into the app's config schema). */
export const childHealthConfig = {
  /**
   * The service-list item recorded as delivered once a child has the visits the schedule counts
   * as managed (Heze list: HZ-01 健康和托育（3岁以下）服务 — "按照国家基本公共卫生服务规范提供健康管理服务").
   */
  CHILD_HEALTH_ITEM_CODE: z
    .string()
    .regex(ITEM_CODE_PATTERN, '须为服务项目编码（如 HZ-01、371702-01） / must be an item code')
    .default('HZ-01'),
};
