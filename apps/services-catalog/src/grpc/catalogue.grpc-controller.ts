import type { Metadata } from '@grpc/grpc-js';
import { actorFromMetadata } from '@care/access';
import { catalogue } from '@care/contracts';
import { invalidArgument } from '@care/errors';
import { Controller } from '@nestjs/common';
import { EntitlementsService } from '../entitlements/entitlements.service';
import { departmentsToProto, serviceListToProto } from '../proto-mapping';
import { ServiceListsService } from '../service-lists/service-lists.service';

/**
 * catalogue.v1.CatalogueService: the lists (public information, no identity needed) and children's
 * entitlements (identity in the metadata, as for the registry's gRPC) for other services.
 */
@Controller()
@catalogue.CatalogueServiceControllerMethods()
export class CatalogueGrpcController implements catalogue.CatalogueServiceController {
  constructor(
    private readonly lists: ServiceListsService,
    private readonly entitlements: EntitlementsService,
  ) {}

  async getCurrentList(request: catalogue.GetCurrentListRequest): Promise<catalogue.GetCurrentListResponse> {
    if (!request.countyCode) throw invalidArgument('county_code', '必填', '字段 county_code：必填');
    const { list, onDate } = await this.lists.current(request.countyCode, request.onDate);
    const city = await this.lists.cityListOn(onDate);
    return { list: serviceListToProto(list, new Set(city.items.map((i) => i.code))) };
  }

  async getChildEntitlements(
    request: catalogue.GetChildEntitlementsRequest,
    metadata?: Metadata,
  ): Promise<catalogue.GetChildEntitlementsResponse> {
    // A child's entitlements reveal sensitive categories (disability, illness): the caller's
    // identity travels in the call metadata, scoped exactly as over REST.
    const actor = actorFromMetadata(metadata);
    if (!request.childId) throw invalidArgument('child_id', '必填', '字段 child_id：必填');
    const view = await this.entitlements.forChild(request.childId, actor);
    return {
      entitlements: {
        childId: view.childId,
        countyCode: view.countyCode,
        entitlements: view.entitlements.map((e) => ({
          itemCode: e.itemCode,
          itemName: e.itemName,
          departments: departmentsToProto(e.departments),
          grantedAt: e.grantedAt,
          deliveredAt: e.servedOn ?? '',
          listVersion: e.listVersion,
        })),
      },
    };
  }
}
