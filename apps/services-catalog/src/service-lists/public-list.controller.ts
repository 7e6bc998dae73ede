import { DEPARTMENTS } from '@care/catalogue';
import { resolveDivision } from '@care/divisions';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ServiceListsService } from './service-lists.service';

/** One service as a family reads it (values in Chinese, verbatim from the list). */
export interface PublicServiceItem {
  readonly seq: number; // 序号
  readonly area: string; // 服务领域
  readonly targetGroup: string; // 服务对象
  readonly name: string; // 服务项目
  readonly content: string; // 服务内容
  readonly departments: string; // 责任部门, e.g. 卫健委、民政局
}

export interface PublicServiceList {
  readonly countyCode: string;
  readonly countyName: string;
  readonly title: string;
  /** 县区清单, or 市级基础清单 while the county has published none. */
  readonly source: '县区清单' | '市级基础清单';
  readonly version: number;
  readonly effectiveFrom: string | null;
  readonly items: readonly PublicServiceItem[];
}

/**
 * The list families are told about (宣传解读): the county's list in force today, in Chinese,
 * without rules, corrections or anything internal. No login: it is public information.
 */
@ApiTags('public 公开')
@Controller('api/v1/public/counties')
export class PublicListController {
  constructor(private readonly lists: ServiceListsService) {}

  @Get(':countyCode/service-list')
  @ApiOperation({ summary: '县区现行流动儿童关爱服务清单（面向家庭公开）' })
  async serviceList(@Param('countyCode') countyCode: string): Promise<PublicServiceList> {
    const { list, source } = await this.lists.current(countyCode);
    return {
      countyCode,
      countyName: resolveDivision(countyCode)?.fullName ?? countyCode,
      title: list.title,
      source: source === 'county' ? '县区清单' : '市级基础清单',
      version: list.version,
      effectiveFrom: list.effectiveFrom,
      items: list.items.map((item, i) => ({
        seq: i + 1,
        area: item.area,
        targetGroup: item.targetGroup,
        name: item.name,
        content: item.content,
        departments: item.departments.map((d) => DEPARTMENTS[d].nameZh).join('、'),
      })),
    };
  }
}
