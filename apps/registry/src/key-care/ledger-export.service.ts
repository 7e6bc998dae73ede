import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { completedYears } from '@care/child-rules';
import { permissionDenied } from '@care/errors';
import { type Actor, assertCountyInScope, ROLE_LABELS } from '@care/access';
import { mayRevealField, PERSONAL_FIELD_LABELS, type PersonalField } from '../auth/permissions';
import { normalisePurpose } from '@care/service-kit';
import { ChildrenRepository } from '../children/children.repository';
import type { ChildRecord } from '../children/child.types';
import { writeLedgerWorkbook, type LedgerExportRow } from '../ledger-excel';
import { PersonalDataService } from '../personal-data/personal-data.service';
import { EducationSchooling } from './education-schooling';
import { KeyCareService } from './key-care.service';
import type { KeyCareEntryRecord } from './key-care.types';
import { formatCareActivities, formatSchoolGrade } from './ledger-text';

export interface LedgerRevealRequest {
  readonly fields: readonly PersonalField[];
  readonly purpose?: string;
}

/**
 * The ledger export (Attachment 1, its columns in order, via ledger-excel's writeLedgerWorkbook).
 * Personal fields are masked unless the actor asked for them with a purpose and the role may see
 * them; each revealed value is audited by PersonalDataService.reveal before it is written.
 */
@Injectable()
export class LedgerExportService {
  constructor(
    private readonly keyCare: KeyCareService,
    private readonly children: ChildrenRepository,
    private readonly personalData: PersonalDataService,
    private readonly schooling: EducationSchooling,
  ) {}

  /**
   * Checks everything that can fail BEFORE the first byte is written (an HTTP status cannot
   * change mid-stream): the county, the purpose, and every requested field against the role.
   */
  authorise(
    actor: Actor,
    countyCode: string,
    reveal: LedgerRevealRequest,
  ): { fields: ReadonlySet<PersonalField>; purpose: string } {
    assertCountyInScope(actor, countyCode);
    if (reveal.fields.length === 0) return { fields: new Set(), purpose: '' };
    const purpose = normalisePurpose(reveal.purpose);
    for (const field of reveal.fields) {
      if (!mayRevealField(actor.role, field)) {
        throw permissionDenied(
          `当前角色（${ROLE_LABELS[actor.role]}）无权导出${PERSONAL_FIELD_LABELS[field]}的完整信息`,
          { field, role: actor.role },
        );
      }
    }
    return { fields: new Set(reveal.fields), purpose };
  }

  /** Writes the county's open ledger to the stream; call `authorise` first. */
  async export(
    actor: Actor,
    countyCode: string,
    allowed: { fields: ReadonlySet<PersonalField>; purpose: string },
    stream: Writable,
  ): Promise<{ rows: number }> {
    return writeLedgerWorkbook(this.rows(actor, countyCode, allowed), stream);
  }

  private async *rows(
    actor: Actor,
    countyCode: string,
    allowed: { fields: ReadonlySet<PersonalField>; purpose: string },
  ): AsyncGenerator<LedgerExportRow> {
    const today = this.keyCare.today();
    for await (const batch of this.keyCare.openEntriesOf(countyCode)) {
      const children = await this.children.find(
        { countyCode },
        { _id: { $in: batch.map((e) => e.childId) } },
      );
      const byId = new Map(children.map((c) => [c._id, c]));
      const schoolGrades = await this.schooling.schoolGradeOf(
        actor,
        children.map((c) => c._id),
      );
      for (const entry of batch) {
        const child = byId.get(entry.childId);
        // An entry whose child left the county stays in the ledger of its county until closed; without the child record there is nothing to show.
        if (child === undefined) continue;
        const row = await this.row(actor, entry, child, today, allowed);
        // Education's current record when it has one; else what the ledger import recorded.
        yield { ...row, schoolGrade: schoolGrades?.get(child._id) ?? row.schoolGrade };
      }
    }
  }

  private async row(
    actor: Actor,
    entry: KeyCareEntryRecord,
    child: ChildRecord,
    today: string,
    allowed: { fields: ReadonlySet<PersonalField>; purpose: string },
  ): Promise<LedgerExportRow> {
    const show = async (field: PersonalField, sealed: string | undefined): Promise<string> => {
      if (sealed === undefined || sealed === '') return '';
      if (!allowed.fields.has(field)) return this.personalData.maskSealed(field, sealed);
      return this.personalData.reveal(actor, {
        recordId: child._id,
        countyCode: child.countyCode,
        field,
        sealed,
        purpose: allowed.purpose,
      });
    };
    // Attachment 1 has one guardian column set: the first guardian listed.
    const guardian = child.guardians[0];
    const idNumber = await show('idNumber', child.personal.idNumber);
    return {
      name: await show('name', child.personal.name),
      sex: child.sex,
      age: Math.max(0, completedYears(child.birthDate, today)),
      ...(idNumber === '' ? {} : { idNumber }),
      hukouAddress: await show('hukouAddress', child.personal.hukouAddress),
      residenceAddress: await show('residenceAddress', child.personal.residenceAddress),
      difficultyTypes: entry.difficultyTypes,
      schoolGrade: formatSchoolGrade(entry.school, entry.grade),
      guardianName: guardian === undefined ? '' : await show('guardianName', guardian.name),
      guardianRelation: guardian?.relation ?? '',
      guardianPhone: guardian === undefined ? '' : await show('guardianPhone', guardian.phone),
      situation: entry.situationSummary,
      careActivities: formatCareActivities(entry.careActivities),
      notes: entry.notes,
      ...(child.movedOutOn === undefined ? {} : { movedOutOn: child.movedOutOn }),
    };
  }
}
