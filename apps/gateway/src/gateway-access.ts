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
    'exchange.reconcile': '发起全量比对并下载差异报告',
  },
  {
    'civil-affairs-admin': ['tasks.read', 'tasks.resolve', 'exchange.read', 'exchange.reconcile'],
    'civil-affairs-officer': ['tasks.read', 'tasks.resolve'],
    'child-director': [],
    'department-officer': [],
    auditor: ['exchange.read'],
  },
);
