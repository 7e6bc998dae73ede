import { definePermissions } from '@care/access';

/**
 * Who reaches the gateway's local API. County civil-affairs staff settle the comparison
 * differences of their counties; the auditor reads the message log (ids, hashes, reasons —
 * never a record), not the differences.
 */
export const GATEWAY_PERMISSIONS = definePermissions(
  {
    'tasks.read': '查看比对差异任务',
    'tasks.resolve': '处理比对差异任务',
    'exchange.read': '查看推送状态与报文日志',
  },
  {
    'civil-affairs-admin': ['tasks.read', 'tasks.resolve', 'exchange.read'],
    'civil-affairs-officer': ['tasks.read', 'tasks.resolve'],
    'child-director': [],
    'department-officer': [],
    auditor: ['exchange.read'],
  },
);
