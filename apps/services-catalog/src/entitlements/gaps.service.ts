import { DEPARTMENTS, type DepartmentId } from '@care/catalogue';
import { daysBetween, type LocalDate, today } from '@care/child-rules';
import { countiesInScope, type Actor } from '@care/access';
import { InjectConfig } from '@care/config';
import { decodeCursor, encodeCursor, normalizePageSize } from '@care/persistence';
import { Injectable } from '@nestjs/common';
import { assertOwnDepartment, departmentScope, storedCountiesOf } from '../access/catalogue-permissions';
import { InjectClock, type Clock } from '@care/service-kit';
import type { ServicesCatalogConfig } from '../config';
import { ChildEntitlementsRepository } from './child-entitlements.repository';
import { isServed } from './entitlement-plan';

/** An item a child is owed and nobody has served yet (应享未享), and for how long. */
export interface GapRow {
  readonly childId: string;
  readonly countyCode: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly departments: readonly DepartmentId[];
  readonly grantedOn: LocalDate;
  readonly daysOpen: number;
}

export interface GapPage {
  readonly asOf: LocalDate;
  readonly gaps: readonly GapRow[];
  /** Opaque; pass back as `cursor` for the next page, null at the end. */
  readonly nextCursor: string | null;
}

export interface GapSummaryRow {
  readonly countyCode: string;
  readonly department: DepartmentId;
  readonly departmentName: string;
  readonly unserved: number;
  readonly oldestDays: number;
  readonly averageDays: number;
}

/** What a caller asks for: a county (default: all of the actor's) and a department (default: all). */
export interface GapQuery {
  readonly countyCode?: string;
  readonly department?: DepartmentId;
}

/** What is read: the stored county codes and the department. */
export interface GapFilter {
  readonly countyCodes: readonly string[];
  readonly department?: DepartmentId;
}

const SUMMARY_PAGE = 500;

/** The supervision view (MISSION rule 6): entitlements not served, per department and county. */
@Injectable()
export class GapsService {
  constructor(
    private readonly repository: ChildEntitlementsRepository,
    @InjectClock() private readonly clock: Clock,
    @InjectConfig() private readonly config: ServicesCatalogConfig,
  ) {}

  /**
   * The actor's part of the query: the county asked for (refused, naming it, when it is not
   * the actor's) or all of the actor's counties; a department officer sees only its own
   * department (refused when it names another).
   */
  scope(actor: Actor, query: GapQuery): GapFilter {
    const own = departmentScope(actor);
    assertOwnDepartment(own, query.department);
    return {
      countyCodes: storedCountiesOf(countiesInScope(actor, query.countyCode), this.config.CITY_CODE),
      department: own ?? query.department,
    };
  }

  /** One page of children (limit = children, each with all its open items), in child-id order. */
  async list(actor: Actor, query: GapQuery, options: { limit?: number; cursor?: string }): Promise<GapPage> {
    const filter = this.scope(actor, query);
    const asOf = today(this.clock);
    const limit = normalizePageSize(options.limit);
    const after =
      options.cursor === undefined || options.cursor === ''
        ? undefined
        : String(decodeCursor('_id', options.cursor).id);
    const docs = await this.repository.withGaps(filter, after, limit);
    const gaps = docs.flatMap((doc) =>
      doc.items
        .filter(
          (item) =>
            !isServed(item) &&
            (filter.department === undefined || item.departments.includes(filter.department)),
        )
        .map((item) => ({
          childId: doc._id,
          countyCode: doc.countyCode,
          itemCode: item.itemCode,
          itemName: item.itemName,
          departments: item.departments,
          grantedOn: item.grantedOn,
          daysOpen: Math.max(0, daysBetween(item.grantedOn, asOf)),
        })),
    );
    const last = docs.at(-1);
    return {
      asOf,
      gaps,
      nextCursor:
        docs.length === limit && last !== undefined
          ? encodeCursor('_id', { sortValue: last._id, id: last._id })
          : null,
    };
  }

  /** Counts per county and department over the whole filter (a report: it reads every match). */
  async summary(actor: Actor, query: GapQuery): Promise<{ asOf: LocalDate; rows: GapSummaryRow[] }> {
    const filter = this.scope(actor, query);
    const asOf = today(this.clock);
    const totals = new Map<
      string,
      {
        countyCode: string;
        department: DepartmentId;
        unserved: number;
        oldestDays: number;
        totalDays: number;
      }
    >();
    let after: string | undefined;
    for (;;) {
      const docs = await this.repository.withGaps(filter, after, SUMMARY_PAGE);
      for (const doc of docs) {
        for (const item of doc.items) {
          if (isServed(item)) continue;
          const days = Math.max(0, daysBetween(item.grantedOn, asOf));
          for (const department of item.departments) {
            if (filter.department !== undefined && department !== filter.department) continue;
            const key = `${doc.countyCode}|${department}`;
            const row = totals.get(key) ?? {
              countyCode: doc.countyCode,
              department,
              unserved: 0,
              oldestDays: 0,
              totalDays: 0,
            };
            row.unserved += 1;
            row.oldestDays = Math.max(row.oldestDays, days);
            row.totalDays += days;
            totals.set(key, row);
          }
        }
      }
      if (docs.length < SUMMARY_PAGE) break;
      after = docs[docs.length - 1]._id;
    }
    const rows = [...totals.values()]
      .map((r) => ({
        countyCode: r.countyCode,
        department: r.department,
        departmentName: DEPARTMENTS[r.department].nameZh,
        unserved: r.unserved,
        oldestDays: r.oldestDays,
        averageDays: Math.round((r.totalDays / r.unserved) * 10) / 10,
      }))
      .sort((a, b) => a.countyCode.localeCompare(b.countyCode) || a.department.localeCompare(b.department));
    return { asOf, rows };
  }
}
