import { Inject, Injectable } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { ServiceCaller } from '@care/access';
import { CONFIG } from '@care/config';
import { REGISTRY_CLIENT, type RegistryClient } from '@care/department-kit';
import type { registry } from '@care/contracts';
import { countiesOf } from '@care/divisions';
import { DomainError } from '@care/errors';
import type { GatewayConfig } from './config';

// The gateway reads its own city's registry as itself (no signed-in person asked for a push or a
// comparison): in token mode with its client-credentials token from the sign-in service (client
// `svc-gateway`, a civil-affairs officer of every county of the city), in development with the
// stand-in headers of the same identity. The registry audits every full read with the purpose
// stated here.

export const PUSH_PURPOSE = '跨区域推送：向户籍地推送流动儿童信息';
export const COMPARE_PURPOSE = '跨区域比对：与居住地推送的信息比对';

@Injectable()
export class RegistryReader {
  private readonly caller: ServiceCaller;

  constructor(
    @Inject(REGISTRY_CLIENT) private readonly registry: RegistryClient,
    @Inject(CONFIG) config: GatewayConfig,
  ) {
    this.caller = ServiceCaller.fromConfig(config, {
      userId: `gateway-${config.CITY_CODE}`,
      role: 'civil-affairs-officer',
      department: 'DEPARTMENT_CIVIL_AFFAIRS',
      countyCodes: countiesOf(config.CITY_CODE).map((d) => d.code),
    });
  }

  /** The child in full, for a push, or undefined when the registry has no such child. */
  async child(childId: string): Promise<registry.Child | undefined> {
    try {
      const metadata = await this.caller.metadata();
      const answer = await firstValueFrom(
        this.registry.getChild({ childId, purpose: PUSH_PURPOSE }, metadata),
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
      const metadata = await this.caller.metadata();
      const answer = await firstValueFrom(
        this.registry.findChildByIdNumber({ idNumber, purpose: COMPARE_PURPOSE }, metadata),
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
