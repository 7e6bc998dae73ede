import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { ulid } from 'ulid';
import { ROLE_LABELS, actorCoversCounty, type Actor } from '@care/access';
import { registry } from '@care/contracts';
import { invalidArgument, permissionDenied } from '@care/errors';
import { InjectModel, oneOf } from '@care/persistence';
import { AuditTrail, normalisePurpose } from '@care/service-kit';
import { mayRevealField } from '../auth/permissions';
import { CHILD_MODEL } from '../children/child.schema';
import type { ChildRecord } from '../children/child.types';
import { PersonalDataService } from '../personal-data/personal-data.service';

/** One call names at most one page of a report's children. */
export const MAX_IDENTITY_CHILD_IDS = 500;
const MAX_CHILD_ID = 64;
const COUNTY = /^\d{6}$/;
/** The fields a call opens (the audit entry's `field`). */
const FIELDS = 'name,idNumber';

const Outcome = registry.ChildIdentityOutcome;

type IdentityRow = Pick<ChildRecord, '_id' | 'countyCode'> & {
  personal: Pick<ChildRecord['personal'], 'name' | 'idNumber'>;
};

/**
 * The names and ID numbers of the children a department's report lists (the 护佑健康 list sent
 * to the province), for a caller whose role may see both in clear (PIPL art. 51: least
 * privilege), of one county the caller covers. ONE audit entry per call (action `reveal-list`,
 * the count, the stated purpose) is written before any value is opened; a refused call is
 * audited as `reveal-denied`. A child of another county, or an unknown id, is answered without
 * any value.
 */
@Injectable()
export class ChildIdentityReader {
  constructor(
    @InjectModel(CHILD_MODEL) private readonly model: Model<ChildRecord>,
    private readonly personalData: PersonalDataService,
    private readonly audit: AuditTrail,
  ) {}

  async read(
    actor: Actor,
    request: registry.ReadChildIdentitiesRequest,
  ): Promise<registry.ReadChildIdentitiesResponse> {
    const childIds = (request.childIds ?? []).map((id) => (id ?? '').trim());
    if (childIds.length === 0 || childIds.length > MAX_IDENTITY_CHILD_IDS)
      throw invalidArgument(
        'child_ids',
        `1至${MAX_IDENTITY_CHILD_IDS}个`,
        `儿童编号列表（child_ids）：每次1至${MAX_IDENTITY_CHILD_IDS}个，实为${childIds.length}个`,
      );
    const bad = childIds.findIndex((id) => id === '' || id.length > MAX_CHILD_ID);
    if (bad >= 0)
      throw invalidArgument(
        'child_ids',
        '必填，不超过64个字符',
        `儿童编号列表（child_ids）第${bad + 1}项：必填，且不超过${MAX_CHILD_ID}个字符`,
      );
    const countyCode = (request.countyCode ?? '').trim();
    if (!COUNTY.test(countyCode))
      throw invalidArgument('county_code', '6位区县代码', '区县代码（county_code）：须为6位区县代码');
    const purpose = normalisePurpose(request.purpose);
    const entry = {
      userId: actor.userId,
      role: actor.role,
      department: actor.department,
      recordId: `identities:${ulid()}`,
      field: FIELDS,
      purpose,
      countyCode,
    };
    if (!actorCoversCounty(actor, countyCode)) {
      await this.audit.record({ ...entry, action: 'reveal-denied', recordCount: childIds.length });
      throw permissionDenied(`无权读取区县 ${countyCode} 儿童的姓名和身份证号：不在本人负责的区县范围内`, {
        countyCode,
      });
    }
    if (!mayRevealField(actor.role, 'name') || !mayRevealField(actor.role, 'idNumber')) {
      await this.audit.record({ ...entry, action: 'reveal-denied', recordCount: childIds.length });
      throw permissionDenied(`当前角色（${ROLE_LABELS[actor.role]}）无权读取儿童的姓名和身份证号`, {
        role: actor.role,
      });
    }
    const rows = await this.model
      .find(
        { _id: oneOf([...new Set(childIds)]) },
        { _id: 1, countyCode: 1, 'personal.name': 1, 'personal.idNumber': 1 },
      )
      .lean<IdentityRow[]>()
      .exec();
    const byId = new Map(rows.map((r) => [r._id, r]));
    const found = (id: string) => byId.get(id)?.countyCode === countyCode;
    // The audit entry first: if it cannot be written, nothing is opened.
    await this.audit.record({
      ...entry,
      action: 'reveal-list',
      recordCount: new Set(childIds.filter(found)).size,
    });
    return {
      identities: childIds.map((childId): registry.ChildIdentity => {
        const none = { childId, name: '', idNumber: '' };
        const row = byId.get(childId);
        if (row === undefined) return { ...none, outcome: Outcome.CHILD_IDENTITY_OUTCOME_NOT_REGISTERED };
        if (!found(childId)) return { ...none, outcome: Outcome.CHILD_IDENTITY_OUTCOME_OUTSIDE_COUNTY };
        const idNumber = row.personal.idNumber;
        return {
          childId,
          outcome: Outcome.CHILD_IDENTITY_OUTCOME_FOUND,
          name: this.personalData.open(row.personal.name),
          idNumber: idNumber === undefined || idNumber === '' ? '' : this.personalData.open(idNumber),
        };
      }),
    };
  }
}
