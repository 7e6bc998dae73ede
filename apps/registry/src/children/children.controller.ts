import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACTOR_HEADERS, CountyScopeGuard, CurrentActor, RequireRoles, type Actor } from '@care/access';
import type { ChildView } from './child-presenter';
import { ChildrenService } from './children.service';
import {
  CountyPageQueryDto,
  ListChildrenQueryDto,
  MoveInDto,
  MoveOutDto,
  RegisterChildDto,
  RevealQueryDto,
  SearchByIdNumberDto,
  StaleQueryDto,
  UpdateChildDto,
  VerifyChildDto,
} from './dto/child.dto';

type ChildPage = { items: ChildView[]; nextCursor?: string };

/** 儿童信息登记 (children of the registry). Personal fields are masked unless revealed with a purpose. */
@ApiTags('children 儿童信息')
@ApiHeader({ name: ACTOR_HEADERS.userId, required: true })
@ApiHeader({ name: ACTOR_HEADERS.role, required: true })
@ApiHeader({ name: ACTOR_HEADERS.department, required: true })
@ApiHeader({ name: ACTOR_HEADERS.countyCodes, required: true, description: '逗号分隔的6位区县代码' })
@UseGuards(CountyScopeGuard)
@RequireRoles('civil-affairs-admin', 'civil-affairs-officer', 'child-director', 'department-officer')
@Controller('api/v1/children')
export class ChildrenController {
  constructor(private readonly children: ChildrenService) {}

  @Post()
  @RequireRoles('civil-affairs-admin', 'civil-affairs-officer')
  @ApiOperation({ summary: '登记儿童（可无身份证号，无则标记待补录）' })
  register(@CurrentActor() actor: Actor, @Body() body: RegisterChildDto): Promise<ChildView> {
    return this.children.register(actor, body);
  }

  @Get()
  @ApiOperation({ summary: '按县区/乡镇列出儿童（游标分页）' })
  list(@CurrentActor() actor: Actor, @Query() query: ListChildrenQueryDto): Promise<ChildPage> {
    return this.children.list(actor, query.countyCode, query.townshipCode, {
      pageSize: query.pageSize,
      cursor: query.cursor,
    });
  }

  @Get('missing-id-number')
  @ApiOperation({ summary: '待补录身份证号的儿童' })
  missingIdNumber(@CurrentActor() actor: Actor, @Query() query: CountyPageQueryDto): Promise<ChildPage> {
    return this.children.listMissingIdNumber(actor, query.countyCode, {
      pageSize: query.pageSize,
      cursor: query.cursor,
    });
  }

  @Get('stale')
  @ApiOperation({ summary: '超过6个月未核实的记录' })
  stale(@CurrentActor() actor: Actor, @Query() query: StaleQueryDto): Promise<ChildPage & { asOf: string }> {
    return this.children.listStale(actor, query.countyCode, query.asOf, {
      pageSize: query.pageSize,
      cursor: query.cursor,
    });
  }

  @Post('search')
  @HttpCode(200)
  @ApiOperation({ summary: '按身份证号查找（盲索引，号码不落库明文；放在请求体中以免进入访问日志）' })
  search(@CurrentActor() actor: Actor, @Body() body: SearchByIdNumberDto): Promise<ChildView> {
    return this.children.searchByIdNumber(actor, body.idNumber, {
      fields: body.reveal ?? [],
      purpose: body.purpose,
    });
  }

  @Get(':childId')
  @ApiOperation({ summary: '查看儿童（默认脱敏；?reveal=字段&purpose=用途 显示完整信息并记审计）' })
  get(
    @CurrentActor() actor: Actor,
    @Param('childId') childId: string,
    @Query() query: RevealQueryDto,
  ): Promise<ChildView> {
    return this.children.get(actor, childId, { fields: query.reveal ?? [], purpose: query.purpose });
  }

  @Patch(':childId')
  @RequireRoles('civil-affairs-admin', 'civil-affairs-officer')
  @ApiOperation({ summary: '更新儿童信息（乐观并发：须提交读取时的 version）' })
  update(
    @CurrentActor() actor: Actor,
    @Param('childId') childId: string,
    @Body() body: UpdateChildDto,
  ): Promise<ChildView> {
    const { version, ...patch } = body;
    return this.children.update(actor, childId, version, patch);
  }

  @Post(':childId/move-in')
  @HttpCode(200)
  @RequireRoles('civil-affairs-admin', 'civil-affairs-officer')
  @ApiOperation({ summary: '登记迁入新居住地（记录随儿童迁移，保留居住史）' })
  moveIn(
    @CurrentActor() actor: Actor,
    @Param('childId') childId: string,
    @Body() body: MoveInDto,
  ): Promise<ChildView> {
    return this.children.moveIn(actor, childId, body.version, {
      divisionCode: body.divisionCode,
      movedInOn: body.movedInOn,
      address: body.address,
    });
  }

  @Post(':childId/move-out')
  @HttpCode(200)
  @RequireRoles('civil-affairs-admin', 'civil-affairs-officer')
  @ApiOperation({ summary: '登记迁出（迁出时间）' })
  moveOut(
    @CurrentActor() actor: Actor,
    @Param('childId') childId: string,
    @Body() body: MoveOutDto,
  ): Promise<ChildView> {
    return this.children.moveOut(actor, childId, body.version, {
      movedOutOn: body.movedOutOn,
      toDivisionCode: body.toDivisionCode,
    });
  }

  @Post(':childId/verify')
  @HttpCode(200)
  @RequireRoles('civil-affairs-admin', 'civil-affairs-officer', 'child-director')
  @ApiOperation({ summary: '标记已核实（更新最近核实日期）' })
  verify(
    @CurrentActor() actor: Actor,
    @Param('childId') childId: string,
    @Body() body: VerifyChildDto,
  ): Promise<ChildView> {
    return this.children.markVerified(actor, childId, body.verifiedOn);
  }
}
