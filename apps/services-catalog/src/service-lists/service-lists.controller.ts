import { ApiActorHeaders, CountyFields, CountyScopeGuard, RequirePermission } from '@care/access';
import {
  DEPARTMENTS,
  describeRule,
  type ListDiff,
  type ServiceItem,
  type ServiceList,
} from '@care/catalogue';
import { invalidArgument } from '@care/errors';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  UseGuards,
  applyDecorators,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CATALOGUE_PERMISSIONS } from '../access/catalogue-permissions';
import {
  CreateDraftDto,
  DiffQueryDto,
  ItemPatchDto,
  NewItemDto,
  OnDateQueryDto,
  PublishDto,
} from './service-lists.dto';
import { ServiceListsService, type ListVersionSummary } from './service-lists.service';

/** A list as editors see it: every field, each rule also described in Chinese. */
export function listView(
  list: ServiceList,
): ServiceList & { items: (ServiceItem & { eligibilityText: string; departmentNames: string[] })[] } {
  return {
    ...list,
    items: list.items.map((item) => ({
      ...item,
      eligibilityText: describeRule(item.eligibility),
      departmentNames: item.departments.map((d) => DEPARTMENTS[d].nameZh),
    })),
  };
}

const versionPipe = new ParseIntPipe({
  exceptionFactory: () => invalidArgument('version', '正整数', '字段 version：须为正整数'),
});

/**
 * Writing a division's list: civil-affairs admin whose `x-county-codes` contains that division's
 * code, i.e. the county's code, or the city's own code (371700) for the city's basic list.
 */
const WritesList = (): MethodDecorator =>
  applyDecorators(RequirePermission(CATALOGUE_PERMISSIONS, 'list.write'), CountyFields('divisionCode'));

/**
 * 服务清单: versions, drafts, edits, publication and diffs, for the city (371700) and its counties.
 * Reading: any authenticated actor, any division. Writing: see WritesList.
 */
@ApiTags('service-lists 服务清单')
@ApiActorHeaders({
  role: '读取：任意角色；起草、修改、发布：civil-affairs-admin',
  countyCodes:
    '逗号分隔的6位区县代码；起草、修改、发布须含该清单的区划代码（市级基础清单为本市代码，如 371700）',
})
@UseGuards(CountyScopeGuard)
@RequirePermission(CATALOGUE_PERMISSIONS, 'list.read')
@CountyFields()
@Controller('api/v1/service-lists/:divisionCode')
export class ServiceListsController {
  constructor(private readonly lists: ServiceListsService) {}

  @Get('versions')
  @ApiOperation({ summary: '列出清单的全部版本（含草稿）' })
  versions(@Param('divisionCode') divisionCode: string): Promise<ListVersionSummary[]> {
    return this.lists.versions(divisionCode);
  }

  @Get('versions/:version')
  @ApiOperation({ summary: '读取某一版本（已发布的旧版本始终可读）' })
  async version(@Param('divisionCode') divisionCode: string, @Param('version', versionPipe) version: number) {
    const stored = await this.lists.version(divisionCode, version);
    return { ...listView(stored.list), applied: stored.applied };
  }

  @Get('current')
  @ApiOperation({ summary: '某日生效的清单（县区清单并入其缺少的基础项目；县区未发布时为市级基础清单）' })
  async current(@Param('divisionCode') divisionCode: string, @Query() query: OnDateQueryDto) {
    const { list, source } = await this.lists.current(divisionCode, query.onDate);
    return { source, ...listView(list) };
  }

  @Get('diff')
  @ApiOperation({ summary: '比较两个版本：新增、删除、修改的项目及修改的字段' })
  diff(@Param('divisionCode') divisionCode: string, @Query() query: DiffQueryDto): Promise<ListDiff> {
    return this.lists.diff(divisionCode, query.from, query.to);
  }

  @Post('drafts')
  @WritesList()
  @ApiOperation({ summary: '新建草稿：县区从上一版（或市级基础清单）派生' })
  async createDraft(@Param('divisionCode') divisionCode: string, @Body() body: CreateDraftDto) {
    return listView(await this.lists.createDraft(divisionCode, body.title));
  }

  @Patch('versions/:version/items/:itemCode')
  @WritesList()
  @ApiOperation({ summary: '修改草稿中的项目（基础项目只可提高，不可缩小）' })
  async editItem(
    @Param('divisionCode') divisionCode: string,
    @Param('version', versionPipe) version: number,
    @Param('itemCode') itemCode: string,
    @Body() body: ItemPatchDto,
  ) {
    return listView(await this.lists.editItem(divisionCode, version, itemCode, body));
  }

  @Post('versions/:version/items')
  @WritesList()
  @ApiOperation({ summary: '在草稿中新增本地项目（编码自动分配）' })
  async addItem(
    @Param('divisionCode') divisionCode: string,
    @Param('version', versionPipe) version: number,
    @Body() body: NewItemDto,
  ) {
    return listView(await this.lists.addItem(divisionCode, version, body));
  }

  @Delete('versions/:version/items/:itemCode')
  @WritesList()
  @ApiOperation({ summary: '从草稿中删除本地项目（基础项目不得删减）' })
  async removeItem(
    @Param('divisionCode') divisionCode: string,
    @Param('version', versionPipe) version: number,
    @Param('itemCode') itemCode: string,
  ) {
    return listView(await this.lists.removeItem(divisionCode, version, itemCode));
  }

  @Post('versions/:version/publish')
  @WritesList()
  @HttpCode(200)
  @ApiOperation({ summary: '发布草稿（生效日期不早于今日）；低于基础清单时拒绝并列明项目' })
  async publish(
    @Param('divisionCode') divisionCode: string,
    @Param('version', versionPipe) version: number,
    @Body() body: PublishDto,
  ): Promise<ReturnType<typeof listView>> {
    return listView(await this.lists.publish(divisionCode, version, body.effectiveFrom));
  }
}

export type { ListDiff };
