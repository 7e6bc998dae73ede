import { Injectable } from '@nestjs/common';
import type { registry } from '@care/contracts';
import { type Actor, assertCountyInScope } from '@care/access';
import { KeyCareChildrenSource } from '../grpc/key-care-source';
import { KeyCareService } from './key-care.service';

/**
 * The ledger as R-core's gRPC ListKeyCareChildren reads it: the caller's county is checked here,
 * then the open entries are paged (keyset on the entry id; page_token is the previous
 * next_page_token, '' for the first page).
 */
@Injectable()
export class KeyCareChildrenFromLedger extends KeyCareChildrenSource {
  constructor(private readonly keyCare: KeyCareService) {
    super();
  }

  listKeyCareChildren(
    actor: Actor,
    request: registry.ListKeyCareChildrenRequest,
  ): Promise<registry.ListKeyCareChildrenResponse> {
    assertCountyInScope(actor, request.countyCode);
    return this.keyCare.listKeyCareChildren({
      countyCode: request.countyCode,
      townshipCode: request.townshipCode,
      pageSize: request.pageSize,
      pageToken: request.pageToken,
    });
  }
}
