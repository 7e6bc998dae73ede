import type { registry } from '@care/contracts';
import type { Actor } from '@care/access';

/**
 * Where ListKeyCareChildren reads the key-care ledger (重点关爱服务对象台账) from: R-ledger's
 * key-care service provides it under this class token (`{ provide: KeyCareChildrenSource, useExisting: … }`).
 */
export abstract class KeyCareChildrenSource {
  abstract listKeyCareChildren(
    actor: Actor,
    request: registry.ListKeyCareChildrenRequest,
  ): Promise<registry.ListKeyCareChildrenResponse>;
}
