import {
  difficultyTypeFromProto,
  educationStageFromProto,
  type ChildFacts,
  type DifficultyType,
} from '@care/catalogue';
import { isLocalDate } from '@care/child-rules';
import type { common } from '@care/contracts';

/** What a consumer of the registry keeps of an event's facts (no identity ever reaches it). */
export interface ChildFactsUpdate {
  readonly childId: string;
  readonly version: number;
  readonly countyCode: string;
  /** 9-digit township code where the registry knows it, else ''. */
  readonly townshipCode: string;
  readonly facts: ChildFacts;
}

export type FactsReadResult =
  { readonly ok: true; readonly value: ChildFactsUpdate } | { readonly ok: false; readonly reason: string };

/** Reads common.v1.ChildFacts; a message that breaks the contract is refused with the reason. */
export function factsFromProto(proto: common.ChildFacts | undefined): FactsReadResult {
  if (proto === undefined) return { ok: false, reason: 'facts missing' };
  if (proto.childId.trim() === '') return { ok: false, reason: 'facts.child_id empty' };
  const version = Number(proto.version);
  if (!Number.isSafeInteger(version) || version < 0)
    return { ok: false, reason: `facts.version not a non-negative integer: ${proto.version}` };
  if (!isLocalDate(proto.birthDate)) return { ok: false, reason: `facts.birth_date not YYYY-MM-DD` };
  if (proto.residenceCountyCode !== '' && !/^[0-9]{6}$/.test(proto.residenceCountyCode)) {
    return { ok: false, reason: 'facts.residence_county_code not 6 digits' };
  }
  const difficultyTypes = [
    ...new Set(
      proto.difficultyTypes.map(difficultyTypeFromProto).filter((t): t is DifficultyType => t !== undefined),
    ),
  ];
  return {
    ok: true,
    value: {
      childId: proto.childId,
      version,
      countyCode: proto.residenceCountyCode,
      townshipCode: /^[0-9]{9}$/.test(proto.residenceTownshipCode) ? proto.residenceTownshipCode : '',
      facts: {
        birthDate: proto.birthDate,
        educationStage: educationStageFromProto(proto.educationStage),
        inSchoolLocally: proto.inSchoolLocally,
        disabled: proto.disabled,
        orphan: proto.orphan,
        scatteredOrphan: proto.scatteredOrphan,
        deFactoUnsupported: proto.deFactoUnsupported,
        keyHardship: proto.keyHardship,
        seriouslyIll: proto.seriouslyIll,
        aidsAffected: proto.aidsAffected,
        minimumLiving: proto.minimumLiving,
        destitute: proto.destitute,
        temporaryAssistance: proto.temporaryAssistance,
        housingDifficulty: proto.housingDifficulty,
        severeMentalDisorderAtHome: proto.severeMentalDisorderAtHome,
        isMigrant: proto.isMigrant,
        movedOut: proto.movedOut,
        difficultyTypes,
      },
    },
  };
}
