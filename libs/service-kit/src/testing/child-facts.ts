import { common } from '@care/contracts';

/** common.v1.ChildFacts of a migrant child in 牡丹区 with nothing special; tests override what they test. */
export function childFacts(
  childId: string,
  version: number,
  overrides: Partial<common.ChildFacts> = {},
): common.ChildFacts {
  return {
    childId,
    version: String(version),
    birthDate: '2019-09-15',
    sex: common.Sex.SEX_FEMALE,
    residenceCountyCode: '371702',
    residenceTownshipCode: '',
    hukouCountyCode: '410102',
    isMigrant: true,
    movedOut: false,
    difficultyTypes: [],
    educationStage: common.EducationStage.EDUCATION_STAGE_PRESCHOOL,
    inSchoolLocally: true,
    disabled: false,
    orphan: false,
    scatteredOrphan: false,
    deFactoUnsupported: false,
    keyHardship: false,
    seriouslyIll: false,
    aidsAffected: false,
    minimumLiving: false,
    destitute: false,
    temporaryAssistance: false,
    housingDifficulty: false,
    severeMentalDisorderAtHome: false,
    ...overrides,
  };
}
