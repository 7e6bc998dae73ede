import ExcelJS from 'exceljs';
import type { LocalDate } from '@care/child-rules';
import { ALERT_KINDS } from '../alerts/alert-rules';
import type { AreaSummary } from '../kpis/kpi-view';
import { alertOpenDays, type AlertRecord, type CountyEvidence } from './supervision-report';

export const SUPERVISION_SHEETS = {
  counties: '区县督导评估汇总',
  items: '服务项目落实情况',
  departments: '责任部门落实情况',
  alerts: '年度预警记录',
} as const;

/** 区县督导评估汇总's headers, in order (the report's columns; a test reads the workbook by them). */
export function countyHeaders(gapAlertDays: number): string[] {
  return [
    '区县代码',
    '区县名称',
    '统计截止日期',
    '在册儿童数',
    '流动儿童数',
    '信息超6个月未更新人数',
    '信息核实覆盖率',
    '最近一次核实日期',
    '重点关爱服务对象数',
    '年内完成走访次数',
    '逾期未走访数',
    '应享服务数',
    '已提供',
    '家庭拒绝',
    '未落实',
    '服务落实率',
    `超${gapAlertDays}天未落实数`,
    '年内新登记儿童数',
    '年内预警：摸排超期',
    '年内预警：走访逾期',
    '年内预警：服务缺口超期',
    '年内推送户籍地记录数',
    '年内收到回执数',
    '年内回执不一致数',
    '年内新增比对差异任务',
    '年内已处理比对差异任务',
    '年内已失效比对差异任务',
    '待处理比对差异任务',
    '逾期比对差异任务',
    '年内预警：比对任务逾期',
  ];
}

const RATE = (r: number | null): string => (r === null ? '—' : `${(r * 100).toFixed(2)}%`);

function styleHeader(sheet: ExcelJS.Worksheet): void {
  const row = sheet.getRow(1);
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.columns.forEach((c) => (c.width = 14));
}

/**
 * 流动儿童关爱服务督导评估（§17）年度佐证材料 from the aggregates: one row per county, the service
 * items and departments (current state), the year's alerts. Counts and codes only.
 */
export async function supervisionWorkbook(input: {
  readonly year: number;
  readonly today: LocalDate;
  readonly gapAlertDays: number;
  readonly counties: readonly CountyEvidence[];
  readonly current: ReadonlyMap<string, AreaSummary>;
  readonly alerts: readonly AlertRecord[];
}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '市级大数据监测平台';
  workbook.title = `${input.year}年度流动儿童关爱服务督导评估佐证材料`;

  const counties = workbook.addWorksheet(SUPERVISION_SHEETS.counties);
  counties.addRow(countyHeaders(input.gapAlertDays));
  for (const c of input.counties) {
    const s = c.stock;
    counties.addRow([
      c.countyCode,
      c.countyName,
      c.figuresOn || '无快照',
      s?.children ?? '—',
      s?.migrantChildren ?? '—',
      s?.staleChildren ?? '—',
      RATE(c.coverageRate),
      c.lastVerifiedOn || '—',
      s?.keyCareOpen ?? '—',
      c.visitsRecordedInYear,
      s?.visitsOverdue ?? '—',
      s?.granted ?? '—',
      s?.delivered ?? '—',
      s?.refused ?? '—',
      s?.open ?? '—',
      RATE(c.deliveryRate),
      s?.agedOpen ?? '—',
      c.registeredInYear,
      c.alertsInYear['screening-overdue'],
      c.alertsInYear['visits-overdue'],
      c.alertsInYear['service-gap-aged'],
      c.exchangeInYear.pushesSent,
      c.exchangeInYear.pushesReceipted,
      c.exchangeInYear.pushesMismatched,
      c.exchangeInYear.comparisonTasksOpened,
      c.exchangeInYear.comparisonTasksResolved,
      c.exchangeInYear.comparisonTasksSuperseded,
      // Snapshots written before these figures existed hold none.
      s?.comparisonTasksOpen ?? '—',
      s?.comparisonTasksOverdue ?? '—',
      c.alertsInYear['comparison-tasks-overdue'],
    ]);
  }
  styleHeader(counties);

  const items = workbook.addWorksheet(SUPERVISION_SHEETS.items);
  items.addRow([
    '区县代码',
    '区县名称',
    '服务项目编号',
    '服务项目',
    '应享',
    '已提供',
    '家庭拒绝',
    '未落实',
    `超${input.gapAlertDays}天未落实`,
    `统计日期`,
  ]);
  const departments = workbook.addWorksheet(SUPERVISION_SHEETS.departments);
  departments.addRow([
    '区县代码',
    '区县名称',
    '责任部门',
    '应享',
    '已提供',
    '家庭拒绝',
    '未落实',
    '落实率',
    '统计日期',
  ]);
  for (const c of input.counties) {
    const summary = input.current.get(c.countyCode);
    if (summary === undefined) continue;
    for (const i of summary.services.byItem)
      items.addRow([
        c.countyCode,
        c.countyName,
        i.itemCode,
        i.name,
        i.granted,
        i.delivered,
        i.refused,
        i.open,
        i.agedOpen,
        input.today,
      ]);
    for (const d of summary.services.byDepartment)
      departments.addRow([
        c.countyCode,
        c.countyName,
        d.name,
        d.granted,
        d.delivered,
        d.refused,
        d.open,
        RATE(d.granted === 0 ? null : d.delivered / d.granted),
        input.today,
      ]);
  }
  styleHeader(items);
  styleHeader(departments);

  const alerts = workbook.addWorksheet(SUPERVISION_SHEETS.alerts);
  alerts.addRow([
    '预警类型',
    '区县代码',
    '服务项目编号',
    '涉及数量',
    '起始日期',
    '发出时间',
    '状态',
    '解除时间',
    '持续天数',
  ]);
  for (const a of input.alerts)
    alerts.addRow([
      ALERT_KINDS[a.kind],
      a.countyCode,
      a.itemCode || '—',
      a.count,
      a.sinceOn || '—',
      a.raisedAt,
      a.status === 'open' ? '未解除' : '已解除',
      a.clearedAt || '—',
      alertOpenDays(a, input.today),
    ]);
  styleHeader(alerts);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
