import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { actorCoversCounty, assertCountyInScope, countiesInScope, type Actor } from '@care/access';
import { InjectConfig } from '@care/config';
import { SCHOOL_COLUMNS, validateSchoolRow, type School, type SchoolStage } from '@care/education-rules';
import { readSheetRows, type RowProblem } from '@care/excel';
import { notFound } from '@care/errors';
import { InjectModel, oneOf } from '@care/persistence';
import { InjectClock, type Clock } from '@care/service-kit';
import type { EducationConfig } from '../config';
import { SCHOOLS, schoolOf, type SchoolDocument } from './school.schema';

/** A school list file holds one county's or the city's schools: a few thousand at most. */
export const MAX_SCHOOL_ROWS = 5000;

export interface SchoolImportResult {
  /** false: the file had problems and nothing was stored. */
  readonly accepted: boolean;
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly problems: readonly RowProblem[];
}

function sameSchool(a: School, b: School): boolean {
  return (
    a.name === b.name &&
    a.countyCode === b.countyCode &&
    a.stages.join() === b.stages.join() &&
    a.ownership === b.ownership &&
    a.kindergartenKind === b.kindergartenKind &&
    a.special === b.special &&
    a.governmentPurchasedPlaces === b.governmentPurchasedPlaces
  );
}

/**
 * The school list (学校名单) as data: the bureau imports it from Excel, one school per row.
 * A file is taken whole or not at all: every row is validated (the rules of
 * @care/education-rules, the actor's counties, a code twice in the file) before anything is
 * written, so a bad file changes nothing. Writes are one upsert per school (idempotent: the
 * same file again changes nothing).
 */
@Injectable()
export class SchoolsService {
  constructor(
    @InjectModel(SCHOOLS) private readonly model: Model<SchoolDocument>,
    @InjectConfig() private readonly config: EducationConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async importList(actor: Actor, file: Buffer): Promise<SchoolImportResult> {
    const problems: RowProblem[] = [];
    const schools: School[] = [];
    const rowOfCode = new Map<string, number>();
    let rows = 0;
    for await (const row of readSheetRows(file, {
      columns: SCHOOL_COLUMNS,
      what: '学校名单',
      maxRows: MAX_SCHOOL_ROWS,
    })) {
      rows += 1;
      const result = validateSchoolRow(row.cells, { cityCode: this.config.CITY_CODE });
      if (!result.ok) {
        problems.push(...result.problems.map((p) => ({ rowNumber: row.rowNumber, ...p })));
        continue;
      }
      const school = result.value;
      if (!actorCoversCounty(actor, school.countyCode))
        problems.push({
          rowNumber: row.rowNumber,
          field: 'countyCode',
          rule: '须为本人负责的县区',
          message: `所在县区代码：${school.countyCode} 不在您负责的县区内`,
        });
      const first = rowOfCode.get(school.code);
      if (first !== undefined)
        problems.push({
          rowNumber: row.rowNumber,
          field: 'code',
          rule: '文件内不重复',
          message: `学校标识码：与第${first}行重复`,
        });
      else rowOfCode.set(school.code, row.rowNumber);
      schools.push(school);
    }
    if (problems.length > 0 || schools.length === 0)
      return {
        accepted: false,
        rows,
        created: 0,
        updated: 0,
        unchanged: 0,
        problems:
          problems.length > 0
            ? problems
            : [{ rowNumber: 0, field: 'file', rule: '至少一行', message: '学校名单：文件中没有学校' }],
      };
    const existing = new Map(
      (
        await this.model
          .find({ _id: oneOf(schools.map((s) => s.code)) })
          .lean<SchoolDocument[]>()
          .exec()
      ).map((d) => [d._id, schoolOf(d)] as const),
    );
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const school of schools) {
      const before = existing.get(school.code);
      if (before !== undefined && sameSchool(before, school)) {
        unchanged += 1;
        continue;
      }
      const { code, ...fields } = school;
      await this.model.collection.replaceOne(
        { _id: code } as never,
        { ...fields, importedBy: actor.userId, updatedAt: this.clock.now() },
        { upsert: true },
      );
      if (before === undefined) created += 1;
      else updated += 1;
    }
    return { accepted: true, rows, created, updated, unchanged, problems: [] };
  }

  async list(actor: Actor, query: { countyCode?: string; stage?: SchoolStage }): Promise<School[]> {
    const filter: Record<string, unknown> = { countyCode: oneOf(countiesInScope(actor, query.countyCode)) };
    if (query.stage !== undefined) filter.stages = query.stage;
    const docs = await this.model
      .find(filter)
      .sort({ countyCode: 1, _id: 1 })
      .limit(5000)
      .lean<SchoolDocument[]>()
      .exec();
    return docs.map(schoolOf);
  }

  /** The school, or undefined when the list has no such code. */
  /** The schools of these codes (unknown codes are left out). */
  async findMany(codes: readonly string[]): Promise<School[]> {
    if (codes.length === 0) return [];
    const docs = await this.model
      .find({ _id: oneOf([...codes]) })
      .lean<SchoolDocument[]>()
      .exec();
    return docs.map(schoolOf);
  }

  async find(code: string): Promise<School | undefined> {
    const doc = await this.model.findById(code).lean<SchoolDocument>().exec();
    return doc === null ? undefined : schoolOf(doc);
  }

  async get(actor: Actor, code: string): Promise<School> {
    const school = await this.find(code);
    if (school === undefined) throw notFound('学校', code);
    assertCountyInScope(actor, school.countyCode);
    return school;
  }
}
