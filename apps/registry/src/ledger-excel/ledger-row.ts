import { completedYears, compareDates, type DifficultyType, type LocalDate } from '@care/child-rules';
import { idNumberReasonText, validateIdNumber } from '@care/identity';
import { HEADER_OF, type LedgerColumnKey, type LedgerHeader } from './columns';
import {
  cleanText,
  compactText,
  parseAge,
  parseDate,
  parseDifficultyTypes,
  parsePhone,
  parseSex,
  type Parsed,
  type SexLabel,
} from './normalise';

/** The cells of one sheet row as found: text, or an Excel number/date where the cell held one. */
export type LedgerCell = string | number | Date;
export type LedgerRawRow = Partial<Record<LedgerColumnKey, LedgerCell>>;

/** A valid row, cleaned and typed. Personal fields are in clear: seal them before storing. */
export interface LedgerRowValues {
  /** 序号 as written (informational; the registry numbers its own records). */
  readonly serialNumber?: string;
  readonly name: string;
  /** From the ID number when there is one; without one, as written (absent when blank: 待补录). */
  readonly sex?: SexLabel;
  /** 年龄 in completed years on `asOf`: from the ID number when there is one (absent when unknown). */
  readonly age?: number;
  /** Normalised 18-character ID number; absent when the cell was blank (flag for follow-up). */
  readonly idNumber?: string;
  /** From the ID number; unknown without one. */
  readonly birthDate?: LocalDate;
  readonly missingIdNumber: boolean;
  readonly hukouAddress: string;
  readonly residenceAddress: string;
  readonly difficultyTypes: readonly DifficultyType[];
  /** 就读学校/年级 as written. */
  readonly schoolGrade?: string;
  readonly guardianName?: string;
  readonly guardianRelation?: string;
  /** 11-digit mobile or `area-number` landline. */
  readonly guardianPhone?: string;
  readonly situation?: string;
  readonly careActivities?: string;
  readonly notes?: string;
  /** 迁出时间. */
  readonly movedOutOn?: LocalDate;
}

export interface LedgerCellError {
  /** The Chinese header of the column at fault, as in Attachment 1. */
  readonly column: LedgerHeader;
  /** What is wrong and what is expected, in Chinese; never repeats an ID number or a name. */
  readonly reason: string;
}

export type LedgerRowResult =
  | {
      readonly rowNumber: number;
      readonly values: LedgerRowValues;
      /** What was corrected on the way in (the row is stored, the report says what changed). */
      readonly warnings: readonly LedgerCellError[];
      readonly raw: LedgerRawRow;
    }
  | { readonly rowNumber: number; readonly errors: readonly LedgerCellError[]; readonly raw: LedgerRawRow };

export interface LedgerRowOptions {
  /** The day ages are checked for (Asia/Shanghai); a birth date after it is refused. */
  readonly asOf: LocalDate;
  /** Defaults to the shipped division dataset (historical codes included). */
  readonly isKnownAddressCode?: (code6: string) => boolean;
  /** Refuse rows without a difficulty type (a pure key-care ledger). Default false: the registry also holds children without one. */
  readonly requireDifficultyType?: boolean;
}

const MAX = { name: 30, address: 200, relation: 20, schoolGrade: 100, freeText: 2000 } as const;

/** Spaces (ideographic ones included) or invisible characters typed into a name. */
const STRAY_SPACE = /[\s\u200b-\u200d\u2060\ufeff]/;

/** Why a phone cell was rewritten (no digits repeated): '' when it was already in the stored form. */
export function phoneCorrection(rawText: string, normalised: string): string {
  const typed = rawText.trim();
  if (typed === normalised) return '';
  const parts: string[] = [];
  if (/^\s*(\+|＋|0086|86(?=\D*1[3-9]))/.test(rawText.normalize('NFKC')) && /^1/.test(normalised))
    parts.push('国际区号（+86）');
  if (/\s/.test(typed)) parts.push('空格');
  const what = parts.length > 0 ? `已去除${parts.join('和')}` : '已整理格式';
  return `${what}，按${/^1/.test(normalised) ? '11位手机号' : '“区号-号码”'}保存`;
}

function text(cell: LedgerCell | undefined): string {
  if (cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return String(cell);
}

/** Validates the cells of one row; `seenIdNumbers` (normalised ID -> first row) catches repeats within the file. */
export function validateLedgerRow(
  rowNumber: number,
  raw: LedgerRawRow,
  options: LedgerRowOptions,
  seenIdNumbers: Map<string, number>,
): LedgerRowResult {
  const errors: LedgerCellError[] = [];
  const error = (key: LedgerColumnKey, reason: string): void => {
    errors.push({ column: HEADER_OF[key], reason });
  };
  const take = <T>(key: LedgerColumnKey, parsed: Parsed<T>): T | undefined => {
    if (parsed.ok) return parsed.value;
    error(key, parsed.reason);
    return undefined;
  };
  const optionalText = (key: LedgerColumnKey, max: number): string | undefined => {
    const value = cleanText(text(raw[key]));
    if (value === '') return undefined;
    if (Array.from(value).length > max) error(key, `不能超过${max}个字`);
    return value;
  };

  const warnings: LedgerCellError[] = [];
  const warn = (key: LedgerColumnKey, reason: string): void => {
    warnings.push({ column: HEADER_OF[key], reason });
  };

  const name = compactText(text(raw.name));
  if (name === '') error('name', '未填写');
  else if (Array.from(name).length > MAX.name) error('name', `不能超过${MAX.name}个字`);
  else if (/[0-9]/.test(name)) error('name', '不能包含数字');
  else if (STRAY_SPACE.test(text(raw.name))) warn('name', '含多余的空格，已去除后保存');

  // ---- ID number, and the sex and age it implies -------------------------------------------
  const idCell = raw.idNumber;
  let idNumber: string | undefined;
  let birthDate: LocalDate | undefined;
  let idSex: SexLabel | undefined;
  if (typeof idCell === 'number' && idCell >= 1e14) {
    // Excel shows 18 digits as 3.71702E+17 and keeps only 15 significant digits: the number is lost.
    error('idNumber', '被 Excel 存成了数字，后几位已丢失；请把该列设为“文本”格式后重新填写');
  } else {
    const idText = compactText(text(idCell));
    if (idText !== '') {
      const result = validateIdNumber(idText, {
        asOf: options.asOf,
        isKnownAddressCode: options.isKnownAddressCode,
        allowLegacy15: false,
      });
      if (!result.ok) {
        for (const reason of result.reasons)
          error('idNumber', idNumberReasonText(reason).replace(/^身份证号：/, ''));
      } else if (completedYears(result.birthDate, options.asOf) >= 18) {
        error('idNumber', '出生日期显示已满18周岁，不是儿童');
      } else {
        const firstRow = seenIdNumbers.get(result.normalized);
        if (firstRow !== undefined)
          error('idNumber', `与第${firstRow}行重复（同一文件中同一儿童只能出现一次）`);
        else seenIdNumbers.set(result.normalized, rowNumber);
        idNumber = result.normalized;
        birthDate = result.birthDate;
        idSex = result.sex;
      }
    }
  }

  const sheetSex = take('sex', parseSex(text(raw.sex)));
  let sex: SexLabel | undefined = sheetSex ?? idSex;
  if (sheetSex !== undefined && idSex !== undefined && sheetSex !== idSex) {
    error('sex', `与身份证号第17位不一致（身份证号显示为${idSex === 'male' ? '男' : '女'}）`);
    sex = undefined;
  }
  // Without an ID number a blank 性别 or 年龄 is not an error: the import keeps the row as
  // incomplete (待补录) and names what is missing.
  const sexParsed = parseSex(text(raw.sex));

  const sheetAge = take('age', parseAge(text(raw.age)));
  const idAge = birthDate === undefined ? undefined : completedYears(birthDate, options.asOf);
  // The ID number's birth date is the fact; a 年龄 that disagrees is corrected, and said so.
  const age = idAge ?? sheetAge;
  if (sheetAge !== undefined && idAge !== undefined && sheetAge !== idAge)
    warn('age', `与身份证号的出生日期不符（按出生日期为${idAge}周岁），已按身份证号计算的年龄保存`);

  // ---- addresses, types, school, guardian --------------------------------------------------
  const hukouAddress = compactText(text(raw.hukouAddress));
  if (hukouAddress === '') error('hukouAddress', '未填写');
  else if (Array.from(hukouAddress).length > MAX.address) error('hukouAddress', `不能超过${MAX.address}个字`);
  const residenceAddress = compactText(text(raw.residenceAddress));
  if (residenceAddress === '') error('residenceAddress', '未填写');
  else if (Array.from(residenceAddress).length > MAX.address)
    error('residenceAddress', `不能超过${MAX.address}个字`);

  const difficultyTypes = take('difficultyTypes', parseDifficultyTypes(text(raw.difficultyTypes)));
  if (options.requireDifficultyType === true && difficultyTypes !== undefined && difficultyTypes.length === 0)
    error('difficultyTypes', '未填写');

  const schoolGrade = optionalText('schoolGrade', MAX.schoolGrade);
  const guardianNameText = compactText(text(raw.guardianName));
  if (/[0-9]/.test(guardianNameText)) error('guardianName', '不能包含数字');
  else if (Array.from(guardianNameText).length > MAX.name) error('guardianName', `不能超过${MAX.name}个字`);
  else if (guardianNameText !== '' && STRAY_SPACE.test(text(raw.guardianName)))
    warn('guardianName', '含多余的空格，已去除后保存');
  const guardianRelation = optionalText('guardianRelation', MAX.relation);
  const phoneText = text(raw.guardianPhone);
  const guardianPhone =
    compactText(phoneText) === '' ? undefined : take('guardianPhone', parsePhone(phoneText));
  if (guardianPhone !== undefined) {
    const correction = phoneCorrection(phoneText, guardianPhone);
    if (correction !== '') warn('guardianPhone', correction);
  }
  const situation = optionalText('situation', MAX.freeText);
  const careActivities = optionalText('careActivities', MAX.freeText);
  const notes = optionalText('notes', MAX.freeText);
  const movedOutCell = raw.movedOutOn;
  const movedOutOn = movedOutCell === undefined ? undefined : take('movedOutOn', parseDate(movedOutCell));
  if (movedOutOn !== undefined && compareDates(movedOutOn, options.asOf) > 0)
    error('movedOutOn', '不能晚于今天');
  if (movedOutOn !== undefined && birthDate !== undefined && compareDates(movedOutOn, birthDate) < 0)
    error('movedOutOn', '不能早于出生日期');

  if (errors.length > 0 || !sexParsed.ok || difficultyTypes === undefined) {
    return { rowNumber, errors, raw };
  }
  const serialNumber = cleanText(text(raw.serialNumber));
  const values: LedgerRowValues = {
    ...(serialNumber === '' ? {} : { serialNumber }),
    name,
    ...(sex === undefined ? {} : { sex }),
    ...(age === undefined ? {} : { age }),
    ...(idNumber === undefined ? {} : { idNumber, birthDate }),
    missingIdNumber: idNumber === undefined,
    hukouAddress,
    residenceAddress,
    difficultyTypes,
    ...(schoolGrade === undefined ? {} : { schoolGrade }),
    ...(guardianNameText === '' ? {} : { guardianName: guardianNameText }),
    ...(guardianRelation === undefined ? {} : { guardianRelation }),
    ...(guardianPhone === undefined ? {} : { guardianPhone }),
    ...(situation === undefined ? {} : { situation }),
    ...(careActivities === undefined ? {} : { careActivities }),
    ...(notes === undefined ? {} : { notes }),
    ...(movedOutOn === undefined ? {} : { movedOutOn }),
  };
  return { rowNumber, values, warnings, raw };
}
