import { completedYears, compareDates, isLocalDate, type LocalDate } from '@care/child-rules';
import { isKnownAddressCode as datasetKnowsAddressCode } from '@care/divisions';
import { computeCheckCharacter } from './check-character';
import { normalizeIdNumber } from './normalize';
import type { IdNumberReason } from './reasons';

export type Sex = 'male' | 'female';

export type IdNumberResult =
  | {
      ok: true;
      /** Always the 18-digit form, also when the input was a 15-digit legacy number. */
      normalized: string;
      birthDate: LocalDate;
      sex: Sex;
      addressCode: string;
      upgradedFrom15?: boolean;
    }
  | { ok: false; normalized: string; reasons: IdNumberReason[] };

export interface ValidateIdNumberOptions {
  /** The day the check is made for (Asia/Shanghai): a birth date after it is refused. */
  asOf: LocalDate;
  /** Defaults to the shipped GB/T 2260 dataset, historical codes included. */
  isKnownAddressCode?: (code6: string) => boolean;
  /** Accept 15-digit legacy numbers (guardians and other adults only). */
  allowLegacy15?: boolean;
}

/** Age of majority: a 15-digit number (issued before 1999) cannot belong to a minor. */
const ADULT_AGE = 18;
/** Nobody registered today was born before this; a smaller year is a typing error. */
const EARLIEST_BIRTH_YEAR = 1900;

function birthDateFrom(yyyymmdd: string): LocalDate | undefined {
  const date = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  return isLocalDate(date) && Number(yyyymmdd.slice(0, 4)) >= EARLIEST_BIRTH_YEAR ? date : undefined;
}

/**
 * The 18-digit form of a 15-digit legacy number (GB 11643-1989): '19' is inserted before the
 * two-digit year and the check character is appended.
 */
export function upgradeLegacyIdNumber(id15: string): string {
  const id = normalizeIdNumber(id15);
  if (!/^\d{15}$/.test(id)) throw new RangeError('upgradeLegacyIdNumber needs a 15-digit number');
  const first17 = id.slice(0, 6) + '19' + id.slice(6);
  return first17 + computeCheckCharacter(first17);
}

/**
 * Checks an ID number (公民身份号码) against GB 11643-1999 and reports every reason it fails,
 * so a person correcting an Excel row sees all problems at once.
 */
export function validateIdNumber(rawInput: string, opts: ValidateIdNumberOptions): IdNumberResult {
  const knows = opts.isKnownAddressCode ?? datasetKnowsAddressCode;
  const normalized = normalizeIdNumber(rawInput);
  if (normalized === '') return { ok: false, normalized, reasons: ['empty'] };

  const reasons: IdNumberReason[] = [];
  const legacy = normalized.length === 15;
  if (legacy && !opts.allowLegacy15) reasons.push('legacy-15-digit-not-allowed');
  if (!legacy && normalized.length !== 18) reasons.push('bad-length');

  // An X may stand only as the check character of an 18-digit number.
  const charactersOk = legacy ? /^\d+$/.test(normalized) : /^\d*X?$/.test(normalized);
  if (!charactersOk) reasons.push('bad-characters');

  // Each segment is judged when it is present and made of digits, whatever the rest looks like.
  const addressCode = normalized.slice(0, 6);
  if (/^\d{6}$/.test(addressCode) && !knows(addressCode)) reasons.push('unknown-address-code');

  const dateDigits = legacy ? '19' + normalized.slice(6, 12) : normalized.slice(6, 14);
  let birthDate: LocalDate | undefined;
  if ((legacy || normalized.length >= 14) && /^\d{8}$/.test(dateDigits)) {
    birthDate = birthDateFrom(dateDigits);
    if (!birthDate) reasons.push('bad-birth-date');
    else if (compareDates(birthDate, opts.asOf) > 0) reasons.push('birth-date-in-future');
    else if (legacy && completedYears(birthDate, opts.asOf) < ADULT_AGE)
      reasons.push('legacy-15-digit-minor');
  }

  if (!legacy && normalized.length === 18 && /^\d{17}[\dX]$/.test(normalized)) {
    if (computeCheckCharacter(normalized.slice(0, 17)) !== normalized[17])
      reasons.push('bad-check-character');
  }

  if (reasons.length > 0 || !birthDate) return { ok: false, normalized, reasons };

  const full = legacy ? upgradeLegacyIdNumber(normalized) : normalized;
  const sex: Sex = Number(full[16]) % 2 === 1 ? 'male' : 'female';
  return legacy
    ? { ok: true, normalized: full, birthDate, sex, addressCode, upgradedFrom15: true }
    : { ok: true, normalized: full, birthDate, sex, addressCode };
}

/**
 * A valid 18-digit number for an address code, birth date and 3-digit sequence (odd for male,
 * even for female): for synthetic data and tests, never for real people.
 */
export function makeIdNumber(addressCode: string, birthDate: LocalDate, sequence3: number | string): string {
  if (!/^\d{6}$/.test(addressCode)) throw new RangeError('makeIdNumber: address code must be 6 digits');
  if (!isLocalDate(birthDate)) throw new RangeError('makeIdNumber: birth date must be YYYY-MM-DD');
  const sequence = typeof sequence3 === 'number' ? String(sequence3).padStart(3, '0') : sequence3;
  if (!/^\d{3}$/.test(sequence)) throw new RangeError('makeIdNumber: sequence must be 0..999');
  const first17 = addressCode + birthDate.replace(/-/g, '') + sequence;
  return first17 + computeCheckCharacter(first17);
}
