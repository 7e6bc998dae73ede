import { Controller, Optional } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { registry } from '@care/contracts';
import { invalidArgument } from '@care/errors';
import { actorFromMetadata, type Actor } from '@care/access';
import { toChildFacts } from '../children/child-aggregate';
import { ChildPresenter, NO_REVEAL, type RevealRequest } from '../children/child-presenter';
import { ChildrenService } from '../children/children.service';
import type { ChildRecord } from '../children/child.types';
import { StatusChangeLog } from '../children/status-change-log';
import { ChildIdentityReader } from './child-identity-reader';
import { IdNumberMatcher } from './id-number-matcher';
import { KeyCareChildrenSource } from './key-care-source';

const MAX_CHILD_ID = 64;

/**
 * registry.v1.RegistryService for other services. The caller identifies itself in the call
 * metadata (x-user-id, x-role, x-department, x-county-codes; see @care/access for why that is a
 * stand-in). Personal fields come masked; they come in full only when the request states a
 * `purpose` AND the caller's role may see them — each such read is audited first.
 * Domain errors become gRPC statuses in @care/grpc's filter (NOT_FOUND, INVALID_ARGUMENT, ...).
 */
@Controller()
@registry.RegistryServiceControllerMethods()
export class RegistryGrpcController implements registry.RegistryServiceController {
  constructor(
    private readonly children: ChildrenService,
    private readonly presenter: ChildPresenter,
    private readonly statusChanges: StatusChangeLog,
    private readonly matcher: IdNumberMatcher,
    private readonly identities: ChildIdentityReader,
    @Optional() private readonly keyCare?: KeyCareChildrenSource,
  ) {}

  private revealFor(actor: Actor, purpose: string): RevealRequest {
    const text = (purpose ?? '').trim();
    if (text === '') return NO_REVEAL;
    return { fields: this.presenter.revealableBy(actor), purpose: text };
  }

  private async toChild(record: ChildRecord, actor: Actor, purpose: string): Promise<registry.Child> {
    const view = await this.presenter.present(
      record,
      actor,
      this.revealFor(actor, purpose),
      this.children.today(),
    );
    return {
      childId: view.childId,
      name: view.name,
      idNumber: view.idNumber,
      facts: toChildFacts(record),
      hukouAddress: view.hukouAddress,
      residenceAddress: view.residenceAddress,
      guardians: view.guardians.map((g) => ({ name: g.name, relation: g.relation, phone: g.phone })),
      lastVerifiedOn: view.lastVerifiedOn,
      masked: view.masked,
    };
  }

  async getChild(request: registry.GetChildRequest, metadata?: Metadata): Promise<registry.GetChildResponse> {
    const actor = actorFromMetadata(metadata);
    const childId = (request.childId ?? '').trim();
    if (childId === '' || childId.length > MAX_CHILD_ID)
      throw invalidArgument('child_id', '必填', '儿童编号（child_id）：必填，且不超过64个字符');
    const record = await this.children.load(actor, childId);
    return { child: await this.toChild(record, actor, request.purpose) };
  }

  async findChildByIdNumber(
    request: registry.FindChildByIdNumberRequest,
    metadata?: Metadata,
  ): Promise<registry.FindChildByIdNumberResponse> {
    const actor = actorFromMetadata(metadata);
    const record = await this.children
      .findByIdNumber(actor, request.idNumber ?? '')
      .catch((error: unknown) => {
        // Name the field as the proto spells it.
        if (
          (error as { code?: unknown; field?: unknown }).code === 'invalid-argument' &&
          (error as { field?: unknown }).field === 'idNumber'
        ) {
          const e = error as { message: string; rule?: string };
          throw invalidArgument('id_number', e.rule ?? 'GB 11643', e.message);
        }
        throw error;
      });
    return { child: await this.toChild(record, actor, request.purpose) };
  }

  async listKeyCareChildren(
    request: registry.ListKeyCareChildrenRequest,
    metadata?: Metadata,
  ): Promise<registry.ListKeyCareChildrenResponse> {
    const actor = actorFromMetadata(metadata);
    if (!/^\d{6}$/.test(request.countyCode ?? ''))
      throw invalidArgument('county_code', '6位区县代码', '区县代码（county_code）：须为6位区县代码');
    if ((request.townshipCode ?? '') !== '' && !/^\d{9}$/.test(request.townshipCode)) {
      throw invalidArgument('township_code', '9位乡镇代码', '乡镇代码（township_code）：须为9位乡镇代码');
    }
    if (this.keyCare === undefined) return { children: [], nextPageToken: '' };
    return this.keyCare.listKeyCareChildren(actor, request);
  }

  async listStatusChanges(
    request: registry.ListStatusChangesRequest,
    metadata?: Metadata,
  ): Promise<registry.ListStatusChangesResponse> {
    const actor = actorFromMetadata(metadata);
    const page = await this.statusChanges.page(
      actor.countyCodes,
      request.since || undefined,
      request.pageSize || undefined,
    );
    return {
      changes: page.items.map((c) => ({
        childId: c.childId,
        isMigrant: c.isMigrant,
        reasons: c.reasons,
        asOf: c.asOf,
        recordedAt: c.recordedAt.toISOString(),
      })),
      nextCursor: page.nextCursor ?? request.since ?? '',
    };
  }

  async matchChildrenByIdNumber(
    request: registry.MatchChildrenByIdNumberRequest,
    metadata?: Metadata,
  ): Promise<registry.MatchChildrenByIdNumberResponse> {
    return this.matcher.match(actorFromMetadata(metadata), request.idNumbers ?? [], request.purpose ?? '');
  }

  async readChildIdentities(
    request: registry.ReadChildIdentitiesRequest,
    metadata?: Metadata,
  ): Promise<registry.ReadChildIdentitiesResponse> {
    return this.identities.read(actorFromMetadata(metadata), request);
  }
}
