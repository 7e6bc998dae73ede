import { Injectable } from '@nestjs/common';
import type { Actor } from '@care/access';
import { today } from '@care/child-rules';
import { DepartmentProjection, RegistryIdNumberMatcher } from '@care/department-kit';
import {
  ROSTER_COLUMNS,
  validateRosterRow,
  type EducationProblem,
  type RosterRow,
  type School,
} from '@care/education-rules';
import { readSheetRows, type RowProblem } from '@care/excel';
import { InjectClock, type Clock } from '@care/service-kit';
import {
  earlierThanCurrent,
  EnrolmentsService,
  samePeriod,
  type EnrolInput,
} from '../enrolments/enrolments.service';
import { SchoolsService } from '../schools/schools.service';

/** A school's roster: a few thousand pupils at the largest schools. */
export const MAX_ROSTER_ROWS = 10_000;
/** Rows written at once once the file has passed (one document per child: no write contention). */
const WRITE_CONCURRENCY = 4;
/** What the registry's audit trail records as the purpose of the match. */
export const ROSTER_MATCH_PURPOSE = '学籍名单导入：按身份证号匹配在校流动儿童';

export interface RosterCheck {
  readonly school: School;
  readonly rows: number;
  readonly problems: RowProblem[];
  /** Advisory findings (e.g. a school outside the child's residence county): stored anyway. */
  readonly warnings: RowProblem[];
  /** The enrolments to write when there are no problems. */
  readonly enrolments: {
    readonly rowNumber: number;
    readonly input: EnrolInput;
    readonly unchanged: boolean;
  }[];
}

export interface RosterImportResult {
  /** false: the file had problems and nothing was stored. */
  readonly accepted: boolean;
  readonly schoolCode: string;
  readonly rows: number;
  /** Enrolments created or changed (a new school, grade or placement). */
  readonly enrolled: number;
  /** Rows that repeat the child's current enrolment (the same roster again). */
  readonly unchanged: number;
  readonly problems: readonly RowProblem[];
  readonly warnings: readonly RowProblem[];
}

function atRow(rowNumber: number, p: EducationProblem): RowProblem {
  const prefix = `第${rowNumber}行 `;
  return {
    rowNumber,
    field: p.field,
    rule: p.rule,
    message: p.message.startsWith(prefix) ? p.message : prefix + p.message,
  };
}

/**
 * A school's roster (学籍名单) from Excel: each row names a pupil by ID number, with grade,
 * enrolment date and place. Education never stores the number: the registry matches the
 * numbers to child ids (audited there, answered without any personal field), and each row
 * becomes an enrolment of the school. The whole file is checked first — every row's cells,
 * duplicates in the file, the registry's match, the enrolment rules, an enrolment earlier than
 * the child's current one — and nothing is written unless every row passed. Then each row is
 * one enrolment write (EnrolmentsService), so the same roster again changes nothing and a stop
 * halfway is finished by importing the file again.
 */
@Injectable()
export class RosterService {
  constructor(
    private readonly schools: SchoolsService,
    private readonly enrolments: EnrolmentsService,
    private readonly projection: DepartmentProjection,
    private readonly matcher: RegistryIdNumberMatcher,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async importRoster(actor: Actor, schoolCode: string, file: Buffer): Promise<RosterImportResult> {
    const check = await this.check(actor, schoolCode, file);
    const result = {
      schoolCode: check.school.code,
      rows: check.rows,
      problems: check.problems,
      warnings: check.warnings,
    };
    if (check.problems.length > 0) return { ...result, accepted: false, enrolled: 0, unchanged: 0 };
    const pending = check.enrolments.filter((e) => !e.unchanged);
    for (let i = 0; i < pending.length; i += WRITE_CONCURRENCY)
      await Promise.all(
        pending.slice(i, i + WRITE_CONCURRENCY).map((e) => this.enrolments.enrol(actor, e.input)),
      );
    return {
      ...result,
      accepted: true,
      enrolled: pending.length,
      unchanged: check.enrolments.length - pending.length,
    };
  }

  /** Every problem of the file, and the enrolments it would write; writes nothing. */
  async check(actor: Actor, schoolCode: string, file: Buffer): Promise<RosterCheck> {
    const school = await this.schools.get(actor, schoolCode);
    const asOf = today(this.clock);
    const problems: RowProblem[] = [];
    const warnings: RowProblem[] = [];
    const passed: { rowNumber: number; row: RosterRow }[] = [];
    const rowOfId = new Map<string, number>();
    let rows = 0;
    for await (const sheetRow of readSheetRows(file, {
      columns: ROSTER_COLUMNS,
      what: '学籍名单',
      maxRows: MAX_ROSTER_ROWS,
    })) {
      rows += 1;
      const { rowNumber } = sheetRow;
      const result = validateRosterRow(sheetRow.cells, asOf, { stages: school.stages, rowNumber });
      if (!result.ok) {
        problems.push(...result.problems.map((p) => atRow(rowNumber, p)));
        continue;
      }
      const first = rowOfId.get(result.value.idNumber);
      if (first !== undefined) {
        problems.push(
          atRow(rowNumber, {
            field: 'idNumber',
            rule: 'unique-in-file',
            message: `身份证号：与第${first}行是同一儿童，一名儿童在名单中只能出现一次`,
          }),
        );
        continue;
      }
      rowOfId.set(result.value.idNumber, rowNumber);
      passed.push({ rowNumber, row: result.value });
    }

    const matched: { rowNumber: number; row: RosterRow; childId: string }[] = [];
    const matches = await this.matcher.match(
      actor,
      passed.map((p) => p.row.idNumber),
      ROSTER_MATCH_PURPOSE,
    );
    passed.forEach((p, i) => {
      const match = matches[i];
      if (match?.ok === true) matched.push({ ...p, childId: match.childId });
      else if (match !== undefined) problems.push(atRow(p.rowNumber, match.problem));
    });

    const ids = matched.map((m) => m.childId);
    const children = new Map((await this.projection.childrenByIds(ids)).map((c) => [c._id, c]));
    const current = new Map((await this.enrolments.currentMany(ids)).map((c) => [c.childId, c]));
    const enrolments: RosterCheck['enrolments'] = [];
    for (const m of matched) {
      const child = children.get(m.childId);
      if (child === undefined) {
        // The registry has the child; its facts have not reached education's projection yet.
        problems.push(
          atRow(m.rowNumber, {
            field: 'idNumber',
            rule: 'facts-not-yet-received',
            message: '身份证号：该儿童的登记信息尚未同步到教育服务，请稍后重新导入',
          }),
        );
        continue;
      }
      const input: EnrolInput = {
        childId: m.childId,
        schoolCode: school.code,
        grade: m.row.grade,
        placement: m.row.placement,
        enrolledOn: m.row.enrolledOn,
      };
      const assessed = this.enrolments.assess(actor, input, school, {
        birthDate: child.facts.birthDate,
        countyCode: child.countyCode,
      });
      if (!assessed.ok) {
        problems.push(...assessed.problems.map((p) => atRow(m.rowNumber, p)));
        continue;
      }
      const now = current.get(m.childId);
      const unchanged = samePeriod(now, assessed.period);
      const earlier = unchanged ? undefined : earlierThanCurrent(assessed.period, now);
      if (earlier !== undefined) {
        problems.push(atRow(m.rowNumber, earlier));
        continue;
      }
      warnings.push(...assessed.advisory.map((p) => atRow(m.rowNumber, p)));
      enrolments.push({ rowNumber: m.rowNumber, input, unchanged });
    }
    problems.sort((a, b) => a.rowNumber - b.rowNumber);
    warnings.sort((a, b) => a.rowNumber - b.rowNumber);
    return { school, rows, problems, warnings, enrolments };
  }
}
