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

export type MappedRow =
  | {
      ok: true;
      child: Omit<NewChildInput, 'source'>;
      /** Canonical text of the row's facts about the child (its keyed HMAC: the child half of the import fingerprint). */
      fingerprintText: string;
      /** Canonical text of the row's ledger columns (the ledger half; '' when the row has no difficulty type). */
      ledgerFingerprintText: string;
      /** The ledger columns, when the row names a difficulty type (a key-care entry). */
      ledger?: ImportedLedgerFields;
    }
  | { ok: false; errors: LedgerCellError[] };

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
 * ledger columns, with the registry's own checks: the residence must lie in the import's county,
 * and the household-registration county must be identifiable (from the address, else from the
 * ID number's address code).
 */
export function mapLedgerRow(values: LedgerRowValues, defaults: ImportDefaults): MappedRow {
  const errors: LedgerCellError[] = [];
  const county = defaults.countyCode;
  const city = `${county.slice(0, 4)}00`;
  const province = `${county.slice(0, 2)}0000`;

  if (values.idNumber === undefined || values.birthDate === undefined) {
    errors.push({
      column: '身份证号',
      reason:
        '身份证号：未填写。台账只有年龄，无法确定出生日期；无身份证号的儿童请在“儿童登记”中登记（填写出生日期，标记待补录）',
    });
  }

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

  const hukou = resolveAddress(values.hukouAddress, { provinceCode: province, cityCode: city });
  const fromId = values.idNumber === undefined ? undefined : countyOf(values.idNumber.slice(0, 6));
  const hukouDivision = hukou?.divisionCode ?? fromId;
  if (hukouDivision === undefined) {
    errors.push({ column: '户籍地址', reason: '户籍地址：无法识别所在县（区），请写明省、市、县（区）名称' });
  }

  if (
    errors.length > 0 ||
    values.idNumber === undefined ||
    values.birthDate === undefined ||
    hukouDivision === undefined
  )
    return { ok: false, errors };

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

  const child: Omit<NewChildInput, 'source'> = {
    name: values.name,
    idNumber: values.idNumber,
    birthDate: values.birthDate,
    sex: values.sex,
    hukouDivisionCode: hukouDivision,
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
  const fingerprintText = JSON.stringify([
    county,
    values.name,
    values.idNumber,
    values.sex,
    values.hukouAddress,
    values.residenceAddress,
    [...types].sort(),
    values.schoolGrade ?? '',
    values.guardianName ?? '',
    values.guardianRelation ?? '',
    values.guardianPhone ?? '',
    values.movedOutOn ?? '',
  ]);
  const ledger: ImportedLedgerFields | undefined =
    types.length === 0
      ? undefined
      : {
          difficultyTypes: types,
          schoolGrade: values.schoolGrade,
          situation: values.situation,
          careActivities: values.careActivities,
          notes: values.notes,
        };
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
  return ledger === undefined
    ? { ok: true, child, fingerprintText, ledgerFingerprintText }
    : { ok: true, child, fingerprintText, ledgerFingerprintText, ledger };
}
