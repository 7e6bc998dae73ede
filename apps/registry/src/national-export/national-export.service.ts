import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { ulid } from 'ulid';
import { completedYears, shanghaiDate, type LocalDate } from '@care/child-rules';
import { assertNever, permissionDenied } from '@care/errors';
import { ROLE_LABELS, actorCoversCounty, type Actor } from '@care/access';
import { mayExportNational } from '../auth/permissions';
import { AuditTrail, normalisePurpose, type Clock } from '@care/service-kit';
import { PersonalDataService } from '../personal-data/personal-data.service';
import { UTF8_BOM, csvLine } from './csv';
import { CHILD_SOURCE, type ChildSource, type ExportableChild } from './export-source';
import { personalSourcesOf, type ExportColumn, type ExportMapping } from './mapping';

export const NATIONAL_EXPORT_MAPPING = Symbol.for('care.registry.national-export.mapping');
export const NATIONAL_EXPORT_CLOCK = Symbol.for('care.registry.national-export.clock');

export interface NationalExport {
  readonly exportId: string;
  readonly countyCode: string;
  /** Records in the file (counted and audited before the first byte leaves). */
  readonly recordCount: number;
  readonly fileName: string;
  /** UTF-8 with BOM, CRLF lines: the header line, then one line per child. */
  readonly stream: Readable;
}

function formatDate(date: LocalDate | undefined, format: ExportColumn['dateFormat']): string {
  if (date === undefined) return '';
  return format === 'YYYYMMDD' ? date.replace(/-/g, '') : date;
}

/**
 * CSV export for the national child welfare information system (全国儿童福利信息系统). The file
 * holds personal data in full, so: only roles allowed to export, only the actor's counties, a
 * stated purpose, and ONE audit entry per file (with its record count) written before any data
 * is produced. Values are decrypted row by row while the file streams; nothing is buffered whole.
 */
@Injectable()
export class NationalExportService {
  constructor(
    @Inject(CHILD_SOURCE) private readonly source: ChildSource,
    private readonly personalData: PersonalDataService,
    private readonly audit: AuditTrail,
    @Inject(NATIONAL_EXPORT_MAPPING) private readonly mapping: ExportMapping,
    @Inject(NATIONAL_EXPORT_CLOCK) private readonly clock: Clock,
  ) {}

  async export(countyCode: string, actor: Actor, purpose: string): Promise<NationalExport> {
    const statedPurpose = normalisePurpose(purpose);
    const exportId = ulid();
    const entry = {
      userId: actor.userId,
      role: actor.role,
      department: actor.department,
      recordId: `export:${exportId}`,
      field: personalSourcesOf(this.mapping).join(',') || '*',
      purpose: statedPurpose,
      countyCode,
    };
    if (!actorCoversCounty(actor, countyCode)) {
      await this.audit.record({ ...entry, action: 'export-denied' });
      throw permissionDenied(`无权导出区县 ${countyCode} 的数据：不在本人负责的区县范围内`, { countyCode });
    }
    if (!mayExportNational(actor.role)) {
      await this.audit.record({ ...entry, action: 'export-denied' });
      throw permissionDenied(`当前角色（${ROLE_LABELS[actor.role]}）无权导出全国儿童福利信息系统数据`, {
        role: actor.role,
      });
    }
    const recordCount = await this.source.count(countyCode, this.mapping.population);
    await this.audit.record({ ...entry, action: 'export', recordCount });
    const today = shanghaiDate(this.clock.now());
    return {
      exportId,
      countyCode,
      recordCount,
      fileName: `national-${countyCode}-${today.replace(/-/g, '')}-${exportId}.csv`,
      stream: Readable.from(this.lines(countyCode, recordCount, today), { objectMode: false }),
    };
  }

  private async *lines(countyCode: string, limit: number, today: LocalDate): AsyncGenerator<Buffer> {
    const { columns, guardFormulas } = this.mapping;
    yield Buffer.from(
      UTF8_BOM +
        csvLine(
          columns.map((c) => c.header),
          guardFormulas,
        ),
      'utf8',
    );
    // The audit entry names `limit` records: children registered while the file streams are left
    // for the next export rather than leaving the system unaccounted for.
    let written = 0;
    for await (const page of this.source.pages(countyCode, this.mapping.population)) {
      let chunk = '';
      for (const child of page) {
        if (written >= limit) break;
        chunk += csvLine(this.row(child, today), guardFormulas);
        written += 1;
      }
      if (chunk !== '') yield Buffer.from(chunk, 'utf8');
      if (written >= limit) return;
    }
  }

  private row(child: ExportableChild, today: LocalDate): string[] {
    const opened = new Map<string, string>();
    const open = (sealed: string | undefined): string => {
      if (sealed === undefined || sealed === '') return '';
      let value = opened.get(sealed);
      if (value === undefined) {
        value = this.personalData.open(sealed);
        opened.set(sealed, value);
      }
      return value;
    };
    return this.mapping.columns.map((column) => this.cell(column, child, today, open));
  }

  private code(column: ExportColumn, value: string): string {
    if (column.codeTable === undefined) return value;
    // parseExportMapping proved every code table covers its source's values.
    return this.mapping.codeTables[column.codeTable]?.[value] ?? value;
  }

  private cell(
    column: ExportColumn,
    child: ExportableChild,
    today: LocalDate,
    open: (sealed: string | undefined) => string,
  ): string {
    const current = child.residenceHistory[child.residenceHistory.length - 1];
    const guardian = child.guardians[0];
    const source = column.source;
    switch (source) {
      case 'childId':
        return child._id;
      case 'name':
        return open(child.personal.name);
      case 'idNumber':
        return open(child.personal.idNumber);
      case 'sex':
        return this.code(column, child.sex);
      case 'birthDate':
        return formatDate(child.birthDate, column.dateFormat);
      case 'age':
        return String(completedYears(child.birthDate, today));
      case 'hukouDivisionCode':
        return child.hukouDivisionCode;
      case 'hukouAddress':
        return open(child.personal.hukouAddress);
      case 'countyCode':
        return child.countyCode;
      case 'townshipCode':
        return child.townshipCode;
      case 'residenceDivisionCode':
        return current?.divisionCode ?? child.countyCode;
      case 'residenceAddress':
        return open(child.personal.residenceAddress);
      case 'movedInOn':
        return formatDate(current?.movedInOn, column.dateFormat);
      case 'isMigrant':
        return this.code(column, String(child.determination.isMigrant));
      case 'difficultyTypes':
        return child.difficultyTypes.map((t) => this.code(column, t)).join(column.join ?? ';');
      case 'askedForHelp':
        return this.code(column, String(child.askedForHelp));
      case 'guardianName':
        return open(guardian?.name);
      case 'guardianRelation':
        return guardian?.relation ?? '';
      case 'guardianPhone':
        return open(guardian?.phone);
      case 'school':
        return child.education.school;
      case 'grade':
        return child.education.grade;
      case 'movedOut':
        return this.code(column, String(child.movedOut));
      case 'movedOutOn':
        return formatDate(child.movedOutOn, column.dateFormat);
      case 'lastVerifiedOn':
        return formatDate(child.lastVerifiedOn, column.dateFormat);
      case 'missingIdNumber':
        return this.code(column, String(child.missingIdNumber));
      case 'constant':
        return column.value ?? '';
      default:
        return assertNever(source, 'export source');
    }
  }
}
