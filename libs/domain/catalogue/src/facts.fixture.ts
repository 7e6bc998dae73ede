import type { ChildFacts } from './child-facts';

/** A migrant child living here with no special circumstance; rows override what they test. */
export function childFacts(overrides: Partial<ChildFacts> = {}): ChildFacts {
  return {
    birthDate: '2015-01-01',
    educationStage: 'none',
    inSchoolLocally: false,
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
    isMigrant: true,
    movedOut: false,
    difficultyTypes: [],
    ...overrides,
  };
}
