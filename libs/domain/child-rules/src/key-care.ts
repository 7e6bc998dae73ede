import { countyOf, resolveDivision } from '@care/divisions';
import { DIFFICULTY_TYPES, type DifficultyType, type HardshipDifficultyType } from './difficulty-type';

export interface KeyCareInput {
  /** The outcome of determineMigrantStatus: only migrant children enter the ledger. */
  isMigrant: boolean;
  /** The five difficulty types found by screening (a help request is not one of them and is ignored here). */
  difficultyTypes: readonly DifficultyType[];
  hukouDivisionCode: string;
  residenceDivisionCode: string;
  /** 主动提出救助帮扶需求: the child or family asked for help. */
  askedForHelp: boolean;
}

export type KeyCareReason =
  | 'migrant-child'
  | 'not-migrant-child'
  | 'has-difficulty-type'
  | 'no-difficulty-type'
  | 'moved-across-townships'
  | 'not-moved-across-townships'
  | 'townships-unknown'
  | 'asked-for-help'
  | 'no-help-request';

export interface KeyCareEligibility {
  eligible: boolean;
  /** In DIFFICULTY_TYPES order, without duplicates. */
  types: DifficultyType[];
  reasons: KeyCareReason[];
}

export type TownshipMove = 'across-townships' | 'within-township' | 'unknown';

/**
 * Whether the move from the hukou place to the residence crossed a township (乡镇/街道)
 * boundary. Across counties always does; within a county both sides need a township code.
 */
export function townshipMove(hukouDivisionCode: string, residenceDivisionCode: string): TownshipMove {
  const hukouCounty = countyOf(hukouDivisionCode);
  const residenceCounty = countyOf(residenceDivisionCode);
  if (hukouCounty && residenceCounty && hukouCounty !== residenceCounty) return 'across-townships';
  const township = (code: string) => {
    const division = resolveDivision(code);
    if (division?.level !== 'township') return undefined;
    return division.historical?.successor ?? division.code;
  };
  const a = township(hukouDivisionCode);
  const b = township(residenceDivisionCode);
  if (!a || !b || !hukouCounty || !residenceCounty) return 'unknown';
  return a === b ? 'within-township' : 'across-townships';
}

/**
 * 重点关爱服务对象 (MISSION.md core rule 3): a migrant child with one or more of the five
 * difficulty types, or a migrant child who moved across townships and asked for help.
 */
export function keyCareEligibility(input: KeyCareInput): KeyCareEligibility {
  const reasons: KeyCareReason[] = [input.isMigrant ? 'migrant-child' : 'not-migrant-child'];
  const hardships = new Set<HardshipDifficultyType>(
    input.difficultyTypes.filter((t): t is HardshipDifficultyType => t !== 'cross-township-help-request'),
  );
  reasons.push(hardships.size > 0 ? 'has-difficulty-type' : 'no-difficulty-type');

  const move = townshipMove(input.hukouDivisionCode, input.residenceDivisionCode);
  switch (move) {
    case 'across-townships':
      reasons.push('moved-across-townships');
      break;
    case 'within-township':
      reasons.push('not-moved-across-townships');
      break;
    case 'unknown':
      reasons.push('townships-unknown');
      break;
    default:
      return assertNever(move);
  }
  reasons.push(input.askedForHelp ? 'asked-for-help' : 'no-help-request');

  const helpRequest = move === 'across-townships' && input.askedForHelp;
  const types = input.isMigrant
    ? DIFFICULTY_TYPES.filter((t) => (t === 'cross-township-help-request' ? helpRequest : hardships.has(t)))
    : [];
  return { eligible: types.length > 0, types, reasons };
}

function assertNever(value: never): never {
  throw new Error(`unhandled value: ${String(value)}`);
}
