import { Injectable } from '@nestjs/common';
import type { Actor } from '@care/access';
import { today } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import { readSheetRows } from '@care/excel';
import { permissionDenied } from '@care/errors';
import { InjectClock, type Clock } from '@care/service-kit';
import { DeliveriesService } from './deliveries.service';
import { serviceDepartmentScope } from './department-access';
import type { DepartmentConfig } from './department-config';
import {
  DELIVERY_LIST_COLUMNS,
  validateDeliveryListRow,
  type DeliveryListRow,
  type DeliveryListProblem,
} from './delivery-list';
import { DepartmentEntitlementsRepository } from './entitlements.repository';
import { sameOutcome } from './entitlement-state';
import { RegistryIdNumberMatcher } from './registry-match';

/** A county's list for a year: tens of thousands of rows at most. */
export const MAX_DELIVERY_LIST_ROWS = 20_000;
/** Rows recorded at once once the file has passed (one entitlement document each). */
const WRITE_CONCURRENCY = 4;
/** What the registry's audit trail records as the purpose of the match. */
export const DELIVERY_LIST_MATCH_PURPOSE = '部门服务台账导入：按身份证号匹配享有服务的儿童';

export interface DeliveryListCheck {
  readonly rows: number;
  readonly problems: DeliveryListProblem[];
  readonly records: {
    readonly rowNumber: number;
    readonly childId: string;
    readonly row: DeliveryListRow;
    readonly unchanged: boolean;
  }[];
}

export interface DeliveryListImportResult {
  /** false: the file had problems and nothing was recorded. */
  readonly accepted: boolean;
  readonly rows: number;
  /** Records made or changed (published for the catalogue). */
  readonly recorded: number;
  /** Rows that say what the record already says (the same list again). */
  readonly unchanged: number;
  readonly problems: readonly DeliveryListProblem[];
}

/**
 * A department's own list of what it provided (服务台账) from Excel, as every department keeps
 * one in its own systems: the rows close the children's service gaps in bulk. The whole file
 * is checked first — cells, the same child and item twice, the registry's match of the ID
 * numbers (never stored here), the entitlement (granted, not withdrawn, of this department, in
 * the officer's counties) — and nothing is recorded unless every row passed. Each row is then
 * one delivery record (DeliveriesService.record, idempotent), so the same list again changes
 * nothing and a stop halfway is finished by importing the file again.
 */
@Injectable()
export class DeliveryListImportService {
  constructor(
    private readonly deliveries: DeliveriesService,
    private readonly entitlements: DepartmentEntitlementsRepository,
    private readonly matcher: RegistryIdNumberMatcher,
    @InjectConfig() private readonly config: DepartmentConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async importList(actor: Actor, file: Buffer): Promise<DeliveryListImportResult> {
    const check = await this.check(actor, file);
    if (check.problems.length > 0)
      return { accepted: false, rows: check.rows, recorded: 0, unchanged: 0, problems: check.problems };
    const pending = check.records.filter((r) => !r.unchanged);
    for (let i = 0; i < pending.length; i += WRITE_CONCURRENCY)
      await Promise.all(
        pending.slice(i, i + WRITE_CONCURRENCY).map((r) =>
          this.deliveries.record(actor, {
            childId: r.childId,
            itemCode: r.row.itemCode,
            outcome: r.row.outcome,
            onDate: r.row.onDate,
            reason: r.row.reason,
          }),
        ),
      );
    return {
      accepted: true,
      rows: check.rows,
      recorded: pending.length,
      unchanged: check.records.length - pending.length,
      problems: [],
    };
  }

  /** Every problem of the file and the records it would make; records nothing. */
  async check(actor: Actor, file: Buffer): Promise<DeliveryListCheck> {
    const department = serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS);
    if (department === undefined) throw permissionDenied('只有责任部门工作人员可以导入服务台账');
    const asOf = today(this.clock);
    const problems: DeliveryListProblem[] = [];
    const passed: { rowNumber: number; row: DeliveryListRow }[] = [];
    const rowOfKey = new Map<string, number>();
    let rows = 0;
    for await (const sheetRow of readSheetRows(file, {
      columns: DELIVERY_LIST_COLUMNS,
      what: '服务台账',
      maxRows: MAX_DELIVERY_LIST_ROWS,
    })) {
      rows += 1;
      const result = validateDeliveryListRow(sheetRow.cells, sheetRow.rowNumber, asOf);
      if (!result.ok) {
        problems.push(...result.problems);
        continue;
      }
      const key = `${result.row.idNumber}|${result.row.itemCode}`;
      const first = rowOfKey.get(key);
      if (first !== undefined) {
        problems.push({
          rowNumber: sheetRow.rowNumber,
          field: 'itemCode',
          rule: 'unique-in-file',
          message: `第${sheetRow.rowNumber}行 服务项目编码：与第${first}行是同一儿童的同一服务项目`,
        });
        continue;
      }
      rowOfKey.set(key, sheetRow.rowNumber);
      passed.push({ rowNumber: sheetRow.rowNumber, row: result.row });
    }

    const matches = await this.matcher.match(
      actor,
      passed.map((p) => p.row.idNumber),
      DELIVERY_LIST_MATCH_PURPOSE,
    );
    const records: DeliveryListCheck['records'][number][] = [];
    for (const [i, p] of passed.entries()) {
      const match = matches[i];
      if (match === undefined || !match.ok) {
        const problem = match?.ok === false ? match.problem : undefined;
        problems.push({
          rowNumber: p.rowNumber,
          field: 'idNumber',
          rule: problem?.rule ?? 'registered-child',
          message: `第${p.rowNumber}行 ${problem?.message ?? '身份证号：未能匹配登记服务中的儿童'}`,
        });
        continue;
      }
      const doc = await this.entitlements.find(match.childId, p.row.itemCode);
      const refusal = this.deliveries.refusal(
        actor,
        department,
        { childId: match.childId, itemCode: p.row.itemCode },
        doc,
      );
      if (refusal !== undefined || doc === null) {
        problems.push({
          rowNumber: p.rowNumber,
          field: 'itemCode',
          rule:
            refusal?.code === 'not-found'
              ? 'entitled-item'
              : (refusal?.rule ?? refusal?.code ?? 'entitled-item'),
          message: `第${p.rowNumber}行 服务项目编码：${
            refusal?.code === 'not-found'
              ? `该儿童不享有本部门的服务项目 ${p.row.itemCode}（服务清单未向其赋予该项目）`
              : (refusal?.message ?? '')
          }`,
        });
        continue;
      }
      records.push({
        rowNumber: p.rowNumber,
        childId: match.childId,
        row: p.row,
        unchanged: sameOutcome(doc.delivery, p.row),
      });
    }
    problems.sort((a, b) => a.rowNumber - b.rowNumber);
    return { rows, problems, records };
  }
}
