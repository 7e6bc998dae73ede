import { EDUCATION_STAGES } from '@care/catalogue';
import { education, type common } from '@care/contracts';
import type { Placement, SchoolStage } from '@care/education-rules';

const PLACEMENT_TO_PROTO: Readonly<Record<Placement, education.Placement>> = {
  'public-school': education.Placement.PLACEMENT_PUBLIC_SCHOOL,
  'government-purchased-place': education.Placement.PLACEMENT_GOVERNMENT_PURCHASED,
  'private-self-paid': education.Placement.PLACEMENT_PRIVATE_SELF_PAID,
};

/** education.v1.Placement of a place. */
export function placementToProto(placement: Placement): education.Placement {
  return PLACEMENT_TO_PROTO[placement];
}

/** common.v1.EducationStage of a school stage. */
export function stageToProto(stage: SchoolStage): common.EducationStage {
  return EDUCATION_STAGES[stage].protoNumber as common.EducationStage;
}
