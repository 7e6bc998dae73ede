import { Inject, Injectable } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { actorMetadata, type Actor } from '@care/access';
import { CONFIG } from '@care/config';
import { REGISTRY_CLIENT, type RegistryClient } from '@care/department-kit';
import type { registry } from '@care/contracts';
import { countiesOf } from '@care/divisions';
import { DomainError } from '@care/errors';
import type { GatewayConfig } from './config';

// The gateway reads its own city's registry as a system actor covering every county of the
// city: the registry audits every full read with the purpose stated here.

export const PUSH_PURPOSE = '跨区域推送：向户籍地推送流动儿童信息';
export const COMPARE_PURPOSE = '跨区域比对：与居住地推送的信息比对';

@Injectable()
export class RegistryReader {
  private readonly actor: Actor;

  constructor(
    @Inject(REGISTRY_CLIENT) private readonly registry: RegistryClient,
    @Inject(CONFIG) config: GatewayConfig,
  ) {
    this.actor = {
      userId: `gateway-${config.CITY_CODE}`,
      role: 'civil-affairs-officer',
      department: 'DEPARTMENT_CIVIL_AFFAIRS',
      countyCodes: countiesOf(config.CITY_CODE).map((d) => d.code),
    };
  }

  /** The child in full, for a push, or undefined when the registry has no such child. */
  async child(childId: string): Promise<registry.Child | undefined> {
    try {
      const answer = await firstValueFrom(
        this.registry.getChild({ childId, purpose: PUSH_PURPOSE }, actorMetadata(this.actor)),
      );
      return answer.child;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** The registry's child with this ID number, in full, or undefined when there is none. */
  async childByIdNumber(idNumber: string): Promise<registry.Child | undefined> {
    try {
      const answer = await firstValueFrom(
        this.registry.findChildByIdNumber({ idNumber, purpose: COMPARE_PURPOSE }, actorMetadata(this.actor)),
      );
      return answer.child;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof DomainError && error.code === 'not-found';
}
