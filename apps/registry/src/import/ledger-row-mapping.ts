import type { Accompaniment, DifficultyType, LocalDate } from '@care/child-rules';
import { countyOf, resolveDivision } from '@care/divisions';
import type { LedgerCellError, LedgerRowValues } from '../ledger-excel';
import type { NewChildInput } from '../children/child-builder';
import type { ImportedLedgerFields } from '../key-care/key-care.service';
import { parseSchoolGrade } from '../key-care/ledger-text';
import { resolveAddress, townshipNamedIn } from './address-division';

/** What an import applies to every row of one file. */
export interface ImportDefaults {
  /** The county the file is imported for (the scope of every record it writes). */
  countyCode: string;
  /**
   * 迁入现居住地日期 for the rows: Attachment 1 has no such column. Default (see ImportService):
   * six months before the import date, i.e. the residence the screening already established.
   */
  residentSince: LocalDate;
}

/** A fact the rules need that the row lacks: the record waits on the county's worklist (待补录). */
export type MissingFact = 'birthDate' | 'sex' | 'hukouDivision';

/** The worklist's wording of each missing fact: the column, what is missing, and why it matters. */
export const MISSING_FACT_TEXT: Readonly<Record<MissingFact, LedgerCellError>> = {
  birthDate: {
    column: '身份证号',
    reason:
      '身份证号：未填写，无法确定出生日期，暂不能认定是否为流动儿童（不满十六周岁），也不能列入重点关爱台账；已存为待补录，请补录身份证号（或出生日期）',
  },
  sex: {
    column: '性别',
    reason: '性别：未填写（无身份证号时需单独填写）；已存为待补录，请补录性别',
  },
  hukouDivision: {
    column: '户籍地址',
    reason:
      '户籍地址：无法识别所在县（区），无法判断是否跨县域流动，暂不能认定是否为流动儿童；已存为待补录，请写明省、市、县（区）或补录户籍地区划代码',
  },
};

/** The order the worklist names missing facts in. */
export const MISSING_FACTS: readonly MissingFact[] = ['birthDate', 'sex', 'hukouDivision'];

/** A row kept as incomplete: what the row does say about the child (personal fields in clear). */
export interface IncompleteChildInput {
  name: string;
  sex?: 'male' | 'female';
  /** 年龄 as written (on the import day): a hint for completing the birth date, never a fact. */
  sheetAge?: number;
  hukouDivisionCode?: string;
  hukouAddress: string;
  residence: { divisionCode: string; address: string; movedInOn: LocalDate; movedOutOn?: LocalDate };
  accompaniedBy: Accompaniment;
  guardians: { name: string; relation: string; phone: string }[];
  difficultyTypes: DifficultyType[];
  askedForHelp: boolean;
  education: { school: string; grade: string };
}

/**
 * Canonical texts that find an incomplete record again (their keyed HMACs are stored, never the
 * texts): the child's name, with the household-registration address or with the guardian's
 * name. A corrected row (its ID number added) matches on the name and one of the two.
 */
export interface MatchTexts {
  name: string;
  hukou: string;
  guardian?: string;
}

export type MappedRow =
  | {
      ok: true;
      kind: 'child';
      child: Omit<NewChildInput, 'source'>;
      /** Canonical text of the row's facts about the child (its keyed HMAC: the child half of the import fingerprint). */
      fingerprintText: string;
      /** Canonical text of the row's ledger columns (the ledger half; '' when the row has no difficulty type). */
      ledgerFingerprintText: string;
      /** The ledger columns, when the row names a difficulty type (a key-care entry). */
      ledger?: ImportedLedgerFields;
      /** How an incomplete record of the same child would be found (its completion). */
      match: MatchTexts;
      warnings: LedgerCellError[];
    }
  | {
      ok: true;
      kind: 'incomplete';
      draft: IncompleteChildInput;
      missing: MissingFact[];
      fingerprintText: string;
      ledger?: ImportedLedgerFields;
      match: MatchTexts;
      warnings: LedgerCellError[];
    }
  | { ok: false; errors: LedgerCellError[] };

/** The match texts of a child in a county (see MatchTexts). */
export function matchTexts(
  county: string,
  name: string,
  hukouAddress: string,
  guardianName: string | undefined,
): MatchTexts {
  const n = name.normalize('NFKC').replace(/\s/g, '');
  return {
    name: JSON.stringify([county, n]),
    hukou: JSON.stringify([county, n, hukouAddress.normalize('NFKC').replace(/\s/g, '')]),
    ...(guardianName === undefined || guardianName === ''
      ? {}
      : { guardian: JSON.stringify([county, n, guardianName.normalize('NFKC').replace(/\s/g, '')]) }),
  };
}

const PARENT = /父|母|爸|妈/;
const GRANDPARENT_OR_OTHER = /祖|外|爷|奶|姥|伯|叔|姑|舅|姨|兄|姐|哥|弟|妹|继|养/;

/**
 * 与监护人关系 -> with whom the child moved: a parent (父亲, 母亲, 父子, 母女 …) is one parent (the
 * sheet names one guardian, so "both parents" cannot be read from it); a grandparent or other
 * relative is another guardian; blank is unknown.
 */
export function accompanimentFromRelation(relation: string | undefined): Accompaniment {
  const text = (relation ?? '').normalize('NFKC').replace(/\s/g, '');
  if (text === '') return 'unknown';
  if (PARENT.test(text) && !GRANDPARENT_OR_OTHER.test(text)) return 'one-parent';
  return 'other-guardian';
}

function countyName(code: string): string {
  return resolveDivision(code)?.name ?? code;
}

/**
 * One valid Attachment 1 row (as the workbook codec validated it) -> the child to register and its
 * ledger columns, with the registry's own checks: the residence must lie in the import's county
 * (else refused), and the household-registration county must be identifiable (from the address,
 * else from the ID number's address code). A row lacking a fact the migrant-child rule needs (no
 * ID number: no birth date; no identifiable household-registration county; no sex without an ID
 * number) is kept as incomplete (待补录) with the missing facts named.
 */
export function mapLedgerRow(
  values: LedgerRowValues,
  defaults: ImportDefaults,
  warnings: readonly LedgerCellError[] = [],
): MappedRow {
  const errors: LedgerCellError[] = [];
  const county = defaults.countyCode;
  const city = `${county.slice(0, 4)}00`;
  const province = `${county.slice(0, 2)}0000`;

  let residenceDivision = county;
  const residence = resolveAddress(values.residenceAddress, { provinceCode: province, cityCode: city });
  if (residence !== undefined && residence.countyCode !== county) {
    errors.push({
      column: '现居住地',
      reason: `现居住地：地址所在区县（${countyName(residence.countyCode)}）不是本次导入的区县（${countyName(county)}）`,
    });
  } else {
    residenceDivision =
      residence?.divisionCode ?? townshipNamedIn(values.residenceAddress, county)?.code ?? county;
  }
  if (errors.length > 0) return { ok: false, errors };

  const hukou = resolveAddress(values.hukouAddress, { provinceCode: province, cityCode: city });
  const fromId = values.idNumber === undefined ? undefined : countyOf(values.idNumber.slice(0, 6));
  const hukouDivision = hukou?.divisionCode ?? fromId;

  const types: DifficultyType[] = [...values.difficultyTypes];
  const hardships = types.filter((t) => t !== 'cross-township-help-request');
  const askedForHelp = types.includes('cross-township-help-request');
  const { school, grade } = parseSchoolGrade(values.schoolGrade);
  const guardians = values.guardianName
    ? [
        {
          name: values.guardianName,
          relation: values.guardianRelation ?? '',
          phone: values.guardianPhone ?? '',
        },
      ]
    : [];
  // Blank cells are left out, not set to undefined: the worklist stores this object, and the
  // driver writes an undefined property as null (which completing the record once choked on).
  const ledger: ImportedLedgerFields | undefined =
    types.length === 0
      ? undefined
      : {
          difficultyTypes: types,
          ...(values.schoolGrade === undefined ? {} : { schoolGrade: values.schoolGrade }),
          ...(values.situation === undefined ? {} : { situation: values.situation }),
          ...(values.careActivities === undefined ? {} : { careActivities: values.careActivities }),
          ...(values.notes === undefined ? {} : { notes: values.notes }),
        };
  const match = matchTexts(county, values.name, values.hukouAddress, values.guardianName);
  const rowText = [
    county,
    values.name,
    values.idNumber ?? '',
    values.sex ?? '',
    values.hukouAddress,
    values.residenceAddress,
    [...types].sort(),
    values.schoolGrade ?? '',
    values.guardianName ?? '',
    values.guardianRelation ?? '',
    values.guardianPhone ?? '',
    values.movedOutOn ?? '',
  ];

  const missing: MissingFact[] = [];
  if (values.idNumber === undefined || values.birthDate === undefined) missing.push('birthDate');
  if (values.sex === undefined) missing.push('sex');
  if (hukouDivision === undefined) missing.push('hukouDivision');
  if (missing.length > 0 || values.idNumber === undefined || values.birthDate === undefined) {
    const draft: IncompleteChildInput = {
      name: values.name,
      ...(values.sex === undefined ? {} : { sex: values.sex }),
      ...(values.age === undefined ? {} : { sheetAge: values.age }),
      ...(hukouDivision === undefined ? {} : { hukouDivisionCode: hukouDivision }),
      hukouAddress: values.hukouAddress,
      residence: {
        divisionCode: residenceDivision,
        address: values.residenceAddress,
        movedInOn: defaults.residentSince,
        ...(values.movedOutOn === undefined ? {} : { movedOutOn: values.movedOutOn }),
      },
      accompaniedBy: accompanimentFromRelation(values.guardianRelation),
      guardians,
      difficultyTypes: hardships,
      askedForHelp,
      education: { school, grade },
    };
    const fingerprintText = JSON.stringify([
      ...rowText,
      values.age ?? '',
      values.situation ?? '',
      values.careActivities ?? '',
      values.notes ?? '',
    ]);
    return {
      ok: true,
      kind: 'incomplete',
      draft,
      missing,
      fingerprintText,
      match,
      warnings: [...warnings],
      ...(ledger === undefined ? {} : { ledger }),
    };
  }

  const child: Omit<NewChildInput, 'source'> = {
    name: values.name,
    idNumber: values.idNumber,
    birthDate: values.birthDate,
    ...(values.sex === undefined ? {} : { sex: values.sex }),
    hukouDivisionCode: hukouDivision as string,
    hukouAddress: values.hukouAddress,
    residence: {
      divisionCode: residenceDivision,
      movedInOn: values.birthDate > defaults.residentSince ? values.birthDate : defaults.residentSince,
      address: values.residenceAddress,
      ...(values.movedOutOn === undefined ? {} : { movedOutOn: values.movedOutOn }),
    },
    accompaniedBy: accompanimentFromRelation(values.guardianRelation),
    guardians,
    guardianPhonesValidated: true,
    difficultyTypes: hardships,
    askedForHelp,
    education: { school, grade },
  };
  const fingerprintText = JSON.stringify(rowText);
  const ledgerFingerprintText =
    ledger === undefined
      ? ''
      : JSON.stringify([
          [...types].sort(),
          values.schoolGrade ?? '',
          values.situation ?? '',
          values.careActivities ?? '',
          values.notes ?? '',
        ]);
  return {
    ok: true,
    kind: 'child',
    child,
    fingerprintText,
    ledgerFingerprintText,
    match,
    warnings: [...warnings],
    ...(ledger === undefined ? {} : { ledger }),
  };
}
