import { blindIndex } from '@care/crypto';
import { guardianRelationCode, type ExchangeRecord, type ExchangeStatus } from '@care/exchange-rules';
import { normalizeIdNumber } from '@care/identity';
import { common, type registry } from '@care/contracts';

// A registry record as the exchanged record (交换记录): the facts a partner city needs about
// the child and no more. The same function serves both sides: the residence city builds what
// it pushes, the hukou city builds what it compares the push with.

/** The ID number's index under the key the two cities share: both sides compute the same one. */
export function pairIndex(idNumber: string, pairKey: Buffer): string {
  return `bi1:${blindIndex(normalizeIdNumber(idNumber), pairKey)}`;
}

/**
 * Where the child is as this city's registry has it. The residence city pushes a child as a
 * migrant child: one no longer determined migrant is `ended` there. The hukou city's own record
 * of a child (one living in the hukou city is usually no migrant child there) is `resident` until
 * the child moved out.
 */
export function exchangeStatus(facts: common.ChildFacts, side: 'residence' | 'hukou'): ExchangeStatus {
  if (facts.movedOut) return 'moved-out';
  return side === 'hukou' || facts.isMigrant ? 'resident' : 'ended';
}

export type RecordProblem = 'no-id-number' | 'masked' | 'no-facts';

/**
 * The exchanged record of a registry child read in full (unmasked, with its purpose audited by
 * the registry). A child without an ID number cannot be matched in another city: not exchanged.
 */
export function exchangeRecordOf(
  child: registry.Child,
  options: { pairKey: Buffer; keyCare: boolean; updatedAt: string; side: 'residence' | 'hukou' },
): { ok: true; record: ExchangeRecord; idNumber: string } | { ok: false; problem: RecordProblem } {
  if (child.masked) return { ok: false, problem: 'masked' };
  if (child.idNumber.trim() === '') return { ok: false, problem: 'no-id-number' };
  const facts = child.facts;
  if (facts === undefined) return { ok: false, problem: 'no-facts' };
  // The first guardian the record can carry: named, with a relation that has a code. A first one
  // whose relation is free text (邻居) must not hide a second one who is the mother.
  const guardian = child.guardians
    .filter((g) => g.name.trim() !== '')
    .map((g) => ({ name: g.name, relation: guardianRelationCode(g.relation) }))
    .find((g) => g.relation !== undefined);
  return {
    ok: true,
    idNumber: normalizeIdNumber(child.idNumber),
    record: {
      childRef: child.childId,
      idNumberIndex: pairIndex(child.idNumber, options.pairKey),
      name: child.name.normalize('NFKC').trim(),
      birthDate: facts.birthDate,
      sex: exchangeSex(facts.sex),
      guardianName: guardian === undefined ? '' : guardian.name.normalize('NFKC').trim(),
      guardianRelation: guardian?.relation ?? '',
      hukouAddress: {
        divisionCode: facts.hukouCountyCode,
        detail: child.hukouAddress.normalize('NFKC').trim(),
      },
      residenceDivisionCode:
        facts.residenceTownshipCode !== '' ? facts.residenceTownshipCode : facts.residenceCountyCode,
      status: exchangeStatus(facts, options.side),
      keyCare: options.keyCare,
      updatedAt: options.updatedAt,
    },
  };
}

/** The registry's sex as the record's: an unrecorded sex stays 未说明, never guessed as 男. */
export function exchangeSex(sex: common.Sex): ExchangeRecord['sex'] {
  switch (sex) {
    case common.Sex.SEX_MALE:
      return 'male';
    case common.Sex.SEX_FEMALE:
      return 'female';
    case common.Sex.SEX_UNSPECIFIED:
    default: // a value from a newer registry this gateway does not know
      return 'unspecified';
  }
}

/** The city (GB/T 2260, `xxxx00`) of a county or township code. */
export function cityOf(divisionCode: string): string {
  return `${divisionCode.slice(0, 4)}00`;
}
