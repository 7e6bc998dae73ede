import { Controller } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { actorFromMetadata, countiesInScope } from '@care/access';
import { education } from '@care/contracts';
import { gradeLabel } from '@care/education-rules';
import { invalidArgument } from '@care/errors';
import { EnrolmentsService, type CurrentSchooling } from './enrolments.service';
import { placementToProto, stageToProto } from './proto-mapping';

const MAX_BATCH = 500;

function toProto(current: CurrentSchooling): education.ChildSchooling {
  return {
    childId: current.childId,
    schoolCode: current.schoolCode,
    schoolName: current.schoolName,
    countyCode: current.countyCode,
    stage: stageToProto(current.stage),
    grade: gradeLabel(current.grade),
    placement: placementToProto(current.placement),
    enrolledOn: current.enrolledOn,
    schoolYear: current.schoolYear,
    revision: current.revision,
  };
}

/**
 * education.v1.EducationService: a child's current school and grade (the registry's ledger
 * column 就读学校/年级 reads it here, not typed twice) and enrolment counts per county.
 * Facts only, no personal data. The caller names itself in the metadata (@care/access).
 */
@Controller()
@education.EducationServiceControllerMethods()
export class EducationGrpcController implements education.EducationServiceController {
  constructor(private readonly enrolments: EnrolmentsService) {}

  async getChildSchooling(
    request: education.GetChildSchoolingRequest,
    metadata?: Metadata,
  ): Promise<education.GetChildSchoolingResponse> {
    // A caller must name itself (refused otherwise). No county check: the registry asks for
    // the children of its ledger, and a child may study in another county than it lives in.
    actorFromMetadata(metadata);
    const childId = (request.childId ?? '').trim();
    if (childId === '' || childId.length > 64)
      throw invalidArgument('child_id', '必填', '儿童编号（child_id）：须为1至64个字符');
    const current = await this.enrolments.current(childId);
    return current === null
      ? { enrolled: false, schooling: undefined }
      : { enrolled: true, schooling: toProto(current) };
  }

  async batchGetChildSchooling(
    request: education.BatchGetChildSchoolingRequest,
    metadata?: Metadata,
  ): Promise<education.BatchGetChildSchoolingResponse> {
    actorFromMetadata(metadata); // as GetChildSchooling: named caller, no county check
    const ids = [...new Set((request.childIds ?? []).map((id) => id.trim()))];
    if (ids.length > MAX_BATCH)
      throw invalidArgument(
        'child_ids',
        `至多${MAX_BATCH}个`,
        `儿童编号（child_ids）：一次至多查询${MAX_BATCH}名儿童，实为${ids.length}`,
      );
    const bad = ids.findIndex((id) => id === '' || id.length > 64);
    if (bad >= 0)
      throw invalidArgument('child_ids', '必填', `儿童编号（child_ids）第${bad + 1}项：须为1至64个字符`);
    return { schoolings: (await this.enrolments.currentMany(ids)).map(toProto) };
  }

  async countEnrolments(
    request: education.CountEnrolmentsRequest,
    metadata?: Metadata,
  ): Promise<education.CountEnrolmentsResponse> {
    const actor = actorFromMetadata(metadata);
    const county = request.countyCode ?? '';
    if (county !== '' && !/^\d{6}$/.test(county))
      throw invalidArgument('county_code', '6位县区代码', '县区代码（county_code）：须为6位县区代码');
    const rows = await this.enrolments.counts(countiesInScope(actor, county));
    return {
      counts: rows.map((r) => ({
        countyCode: r.countyCode,
        stage: stageToProto(r.stage),
        children: String(r.children),
        governmentPurchased: String(r.governmentPurchased),
      })),
    };
  }
}
