import { Inject, Injectable } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { actorMetadata, type Actor } from '@care/access';
import { CONFIG } from '@care/config';
import { registry } from '@care/contracts';
import { GrpcClientModule, type GrpcClient } from '@care/grpc';
import type { DepartmentConfig } from './department-config';

/** The registry's queries a department makes: which children the ID numbers of its lists name. */
export const REGISTRY_CLIENT = Symbol('RegistryServiceClient');
export type RegistryClient = GrpcClient<registry.RegistryServiceClient>;

/** Failures name this dependency to the officer (`登记服务暂时不可用，请稍后重试`). */
export const REGISTRY_DEPENDENCY = '登记服务';

export const registryClientModule = GrpcClientModule.register({
  token: REGISTRY_CLIENT,
  pkg: 'registry',
  inject: [CONFIG],
  useFactory: (config: DepartmentConfig) => ({
    address: config.REGISTRY_GRPC_ADDRESS,
    deadlineMs: config.REGISTRY_GRPC_DEADLINE_MS,
    retries: 1,
    dependency: REGISTRY_DEPENDENCY,
  }),
});

/** The registry answers up to 500 numbers a call (registry.v1 MatchChildrenByIdNumber). */
const MATCH_BATCH = 500;

const Outcome = registry.IdNumberMatchOutcome;

export interface MatchProblem {
  readonly field: 'idNumber';
  readonly rule: string;
  readonly message: string;
}

export type IdNumberMatch =
  | { readonly ok: true; readonly childId: string; readonly countyCode: string }
  | { readonly ok: false; readonly problem: MatchProblem };

const NOT_REGISTERED: MatchProblem = {
  field: 'idNumber',
  rule: 'registered-child',
  message: '身份证号：流动儿童登记中没有此儿童，请先由居住地县区登记后再导入',
};

const MATCH_PROBLEMS: Partial<Record<registry.IdNumberMatchOutcome, MatchProblem>> = {
  [Outcome.ID_NUMBER_MATCH_OUTCOME_NOT_REGISTERED]: NOT_REGISTERED,
  [Outcome.ID_NUMBER_MATCH_OUTCOME_OUTSIDE_SCOPE]: {
    field: 'idNumber',
    rule: 'county-scope',
    message: '身份证号：该儿童登记在本人负责的县区以外，须由其居住地县区导入或先办理迁入',
  },
  [Outcome.ID_NUMBER_MATCH_OUTCOME_INVALID]: {
    field: 'idNumber',
    rule: 'GB 11643',
    message: '身份证号：登记服务判定为无效号码',
  },
};

/**
 * A department's lists (a school roster, a list of families served) name children by ID number,
 * which departments never store: the registry matches them (blind index, audited there with the
 * purpose, answered with child ids only) in calls of up to 500, for the actor's counties.
 */
@Injectable()
export class RegistryIdNumberMatcher {
  constructor(@Inject(REGISTRY_CLIENT) private readonly registry: RegistryClient) {}

  /** One answer per number, in order: the child, or the problem naming why the row cannot be matched. */
  async match(actor: Actor, idNumbers: readonly string[], purpose: string): Promise<IdNumberMatch[]> {
    const out: IdNumberMatch[] = [];
    for (let i = 0; i < idNumbers.length; i += MATCH_BATCH) {
      const batch = idNumbers.slice(i, i + MATCH_BATCH);
      const answer = await firstValueFrom(
        this.registry.matchChildrenByIdNumber({ idNumbers: batch, purpose }, actorMetadata(actor)),
      );
      const byIndex = new Map(answer.matches.map((m) => [m.index, m]));
      batch.forEach((_, index) => {
        const m = byIndex.get(index);
        out.push(
          m?.outcome === Outcome.ID_NUMBER_MATCH_OUTCOME_MATCHED && m.childId !== ''
            ? { ok: true, childId: m.childId, countyCode: m.countyCode }
            : { ok: false, problem: MATCH_PROBLEMS[m?.outcome ?? 0] ?? NOT_REGISTERED },
        );
      });
    }
    return out;
  }
}

/** The registry answers up to 500 child ids a call (registry.v1 ReadChildIdentities). */
const IDENTITY_BATCH = 500;

const IdentityOutcome = registry.ChildIdentityOutcome;

/** Why a listed child's identity did not come back. */
export type IdentityGap = 'not-registered' | 'outside-county';

export type ChildIdentityAnswer =
  | { readonly ok: true; readonly childId: string; readonly name: string; readonly idNumber: string }
  | { readonly ok: false; readonly childId: string; readonly gap: IdentityGap };

/**
 * A report a department sends on (the 护佑健康 list to the province) must name the children:
 * the registry, the only holder of identities, answers their names and ID numbers in calls of up
 * to 500 child ids, for the actor's role and one county, auditing each call with the purpose.
 * The answers are the caller's to put in the report at once, never to store or log.
 */
@Injectable()
export class RegistryChildIdentities {
  constructor(@Inject(REGISTRY_CLIENT) private readonly registry: RegistryClient) {}

  /** One answer per id, in order. A failed call (the registry down: 503) fails the whole read. */
  async read(
    actor: Actor,
    countyCode: string,
    childIds: readonly string[],
    purpose: string,
  ): Promise<ChildIdentityAnswer[]> {
    const out: ChildIdentityAnswer[] = [];
    for (let i = 0; i < childIds.length; i += IDENTITY_BATCH) {
      const batch = childIds.slice(i, i + IDENTITY_BATCH);
      const answer = await firstValueFrom(
        this.registry.readChildIdentities({ childIds: batch, purpose, countyCode }, actorMetadata(actor)),
      );
      batch.forEach((childId, index) => {
        const a = answer.identities[index];
        if (a?.childId === childId && a.outcome === IdentityOutcome.CHILD_IDENTITY_OUTCOME_FOUND)
          out.push({ ok: true, childId, name: a.name, idNumber: a.idNumber });
        else
          out.push({
            ok: false,
            childId,
            gap:
              a?.outcome === IdentityOutcome.CHILD_IDENTITY_OUTCOME_OUTSIDE_COUNTY
                ? 'outside-county'
                : 'not-registered',
          });
      });
    }
    return out;
  }
}
