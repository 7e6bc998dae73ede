import { Injectable } from '@nestjs/common';
import { isStale, migrantReasonText, type LocalDate, type MigrantReason } from '@care/child-rules';
import { invalidArgument } from '@care/errors';
import { PersonalDataService } from '../personal-data';
import { revealableFields, type PersonalField } from '../auth/permissions';
import type { Actor } from '@care/access';
import type { ChildRecord, Circumstances, Education, ResidencePeriod } from './child.types';
import type { Accompaniment, DifficultyType } from '@care/child-rules';

/** What a caller sees of a child: personal fields masked unless revealed (and then audited). */
export interface ChildView {
  childId: string;
  version: number;
  countyCode: string;
  townshipCode: string;
  name: string;
  /** Empty when the child has no ID number. */
  idNumber: string;
  missingIdNumber: boolean;
  hukouAddress: string;
  residenceAddress: string;
  guardians: { name: string; relation: string; phone: string }[];
  birthDate: LocalDate;
  sex: ChildRecord['sex'];
  hukouDivisionCode: string;
  residenceHistory: ResidencePeriod[];
  accompaniedBy: Accompaniment;
  difficultyTypes: DifficultyType[];
  askedForHelp: boolean;
  circumstances: Circumstances;
  education: Education;
  movedOut: boolean;
  movedOutOn?: LocalDate;
  movedOutTo?: string;
  determination: {
    isMigrant: boolean;
    reasons: MigrantReason[];
    /** The reasons as a person reads them (zh-CN). */
    reasonTexts: string[];
    asOf: LocalDate;
    nextChangeOn: LocalDate | null;
  };
  lastVerifiedOn: LocalDate;
  /** 超过6个月未核实. */
  isStale: boolean;
  /** True when at least one personal field is shown masked. */
  masked: boolean;
  /** The personal fields shown in full (each read audited). */
  revealed: PersonalField[];
}

export interface RevealRequest {
  fields: readonly PersonalField[];
  purpose?: string;
}

export const NO_REVEAL: RevealRequest = { fields: [] };

/**
 * Turns a stored record into what a caller may see. Masking is the default; a field is shown in
 * full only when asked for with a purpose, for a role allowed to see it, in the actor's county —
 * PersonalDataService.reveal checks that and writes the audit entry before opening the value.
 */
@Injectable()
export class ChildPresenter {
  constructor(private readonly personalData: PersonalDataService) {}

  /** The fields an actor's role may reveal (gRPC callers get all of them when they give a purpose). */
  revealableBy(actor: Actor): readonly PersonalField[] {
    return revealableFields(actor.role);
  }

  async present(
    record: ChildRecord,
    actor: Actor,
    reveal: RevealRequest,
    today: LocalDate,
  ): Promise<ChildView> {
    const wanted = new Set(reveal.fields);
    if (wanted.size > 0 && (reveal.purpose ?? '').trim() === '') {
      throw invalidArgument('purpose', '必填', '查看完整个人信息须说明用途（purpose）');
    }
    const show = async (field: PersonalField, sealed: string | undefined): Promise<string> => {
      if (sealed === undefined || sealed === '') return '';
      if (!wanted.has(field)) return this.personalData.maskSealed(field, sealed);
      return this.personalData.reveal(actor, {
        recordId: record._id,
        countyCode: record.countyCode,
        field,
        sealed,
        purpose: reveal.purpose ?? '',
      });
    };
    // Every field's audit entry is asked for at once: the audit trail writes them together (one
    // round trip, not one per field), and any refusal fails the whole view before a value is given.
    const [name, idNumber, hukouAddress, residenceAddress, guardians] = await Promise.all([
      show('name', record.personal.name),
      show('idNumber', record.personal.idNumber),
      show('hukouAddress', record.personal.hukouAddress),
      show('residenceAddress', record.personal.residenceAddress),
      Promise.all(
        record.guardians.map(async (g) => {
          const [guardianName, phone] = await Promise.all([
            show('guardianName', g.name),
            show('guardianPhone', g.phone),
          ]);
          return { name: guardianName, relation: g.relation, phone };
        }),
      ),
    ]);
    const personalFieldsPresent: PersonalField[] = ['name', 'hukouAddress', 'residenceAddress'];
    if (record.personal.idNumber !== undefined) personalFieldsPresent.push('idNumber');
    if (record.guardians.length > 0) personalFieldsPresent.push('guardianName', 'guardianPhone');
    const revealed = personalFieldsPresent.filter((f) => wanted.has(f));
    return {
      childId: record._id,
      version: record.version,
      countyCode: record.countyCode,
      townshipCode: record.townshipCode,
      name,
      idNumber,
      missingIdNumber: record.missingIdNumber,
      hukouAddress,
      residenceAddress,
      guardians,
      birthDate: record.birthDate,
      sex: record.sex,
      hukouDivisionCode: record.hukouDivisionCode,
      residenceHistory: record.residenceHistory.map((p) => ({ ...p })),
      accompaniedBy: record.accompaniedBy,
      difficultyTypes: [...record.difficultyTypes],
      askedForHelp: record.askedForHelp,
      circumstances: { ...record.circumstances },
      education: { ...record.education },
      movedOut: record.movedOut,
      ...(record.movedOutOn === undefined ? {} : { movedOutOn: record.movedOutOn }),
      ...(record.movedOutTo === undefined ? {} : { movedOutTo: record.movedOutTo }),
      determination: {
        isMigrant: record.determination.isMigrant,
        reasons: [...record.determination.reasons],
        reasonTexts: record.determination.reasons.map(migrantReasonText),
        asOf: record.determination.asOf,
        nextChangeOn: record.determination.nextChangeOn ?? null,
      },
      lastVerifiedOn: record.lastVerifiedOn,
      isStale: isStale(record.lastVerifiedOn, today),
      masked: revealed.length < personalFieldsPresent.length,
      revealed,
    };
  }
}
