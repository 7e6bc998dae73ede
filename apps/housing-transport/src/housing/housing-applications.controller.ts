import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { CountyPageQueryDto, DEPARTMENT_PERMISSIONS } from '@care/department-kit';
import { HOUSING_FORM_IDS, type HousingAction, type HousingForm } from '@care/housing-transport-rules';
import {
  HousingApplicationsService,
  type HousingApplicationView,
  type WaitingListPage,
} from './housing-applications.service';

export class SubmitHousingApplicationDto {
  @ApiProperty({ description: '儿童编号（登记服务的儿童ID）' })
  @IsString()
  @IsNotEmpty({ message: '须填写儿童编号' })
  @MaxLength(64)
  childId!: string;

  @ApiProperty({ enum: HOUSING_FORM_IDS, description: '实物配租公共租赁住房 / 租赁补贴' })
  @IsIn(HOUSING_FORM_IDS, { message: `须为 ${HOUSING_FORM_IDS.join('、')} 之一` })
  form!: HousingForm;

  @ApiProperty({ description: '家庭人口', example: 3 })
  @IsInt({ message: '须为整数' })
  @Min(1, { message: '不能小于1' })
  @Max(20, { message: '不能大于20' })
  householdSize!: number;

  @ApiProperty({ description: '家庭月收入（元，全部成员合计）', example: 5400 })
  @IsNumber({ maxDecimalPlaces: 2 }, { message: '须为金额（元，最多两位小数）' })
  @Min(0, { message: '不能为负数' })
  @Max(10_000_000, { message: '不能大于10000000' })
  monthlyIncomeYuan!: number;

  @ApiProperty({ description: '现住房建筑面积（平方米；无自有住房或合租一间填实际居住面积）', example: 20 })
  @IsNumber({ maxDecimalPlaces: 2 }, { message: '须为面积（平方米，最多两位小数）' })
  @Min(0, { message: '不能为负数' })
  @Max(10_000, { message: '不能大于10000' })
  currentAreaSqm!: number;

  @ApiProperty({ description: '在本县区连续居住（或缴纳社会保险）月数', example: 12 })
  @IsInt({ message: '须为整数' })
  @Min(0, { message: '不能为负数' })
  @Max(1200, { message: '不能大于1200' })
  residenceMonths!: number;

  @ApiProperty({ description: '在本市有自有住房' })
  @IsBoolean({ message: '须为 true 或 false' })
  ownsHomeInCity!: boolean;
}

const ACTIONS = ['approve', 'reject', 'allocate', 'withdraw'] as const;

export class HousingActionDto {
  @ApiProperty({
    enum: ACTIONS,
    description: '审核通过 / 审核不通过（须说明原因）/ 配租（须填房源编号）/ 撤回',
  })
  @IsIn(ACTIONS, { message: `须为 ${ACTIONS.join('、')} 之一` })
  action!: (typeof ACTIONS)[number];

  @ApiProperty({ description: '办理时看到的申请版本（rev）；已被他人更新时拒绝' })
  @IsInt({ message: '须为整数' })
  @Min(1, { message: '不能小于1' })
  rev!: number;

  @ApiPropertyOptional({ description: '审核不通过的原因（不得填写个人信息）' })
  @ValidateIf((o: HousingActionDto) => o.action === 'reject')
  @IsString({ message: '审核不通过须说明原因' })
  @IsNotEmpty({ message: '审核不通过须说明原因' })
  @MaxLength(200)
  reason?: string;

  @ApiPropertyOptional({ description: '配租房源编号', example: 'MD-GZF-0101' })
  @ValidateIf((o: HousingActionDto) => o.action === 'allocate')
  @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: '配租须填写房源编号（字母、数字、-，最多32位）' })
  unitCode?: string;
}

function toAction(body: HousingActionDto): HousingAction {
  switch (body.action) {
    case 'approve':
      return { kind: 'approve' };
    case 'reject':
      return { kind: 'reject', reason: body.reason ?? '' };
    case 'allocate':
      return { kind: 'allocate', unitCode: body.unitCode ?? '' };
    case 'withdraw':
      return { kind: 'withdraw' };
  }
}

/** 住房保障申请 (市住建局): 公租房实物配租 and 租赁补贴 for migrant children's families. */
@ApiTags('housing 住房保障')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1')
export class HousingApplicationsController {
  constructor(private readonly applications: HousingApplicationsService) {}

  @Post('housing-applications')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @ApiOperation({ summary: '受理住房保障申请：按本县区标准自动核对条件（不符合的逐条说明）' })
  submit(
    @CurrentActor() actor: Actor,
    @Body() body: SubmitHousingApplicationDto,
  ): Promise<HousingApplicationView> {
    const { childId, ...facts } = body;
    return this.applications.submit(actor, childId, facts);
  }

  @Get('housing-applications/waiting-list')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '公租房轮候名单（审核通过日期最早的在前）' })
  waitingList(@CurrentActor() actor: Actor, @Query() query: CountyPageQueryDto): Promise<WaitingListPage> {
    return this.applications.waitingList(actor, query);
  }

  @Get('housing-applications/:id')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '住房保障申请及办理过程' })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<HousingApplicationView> {
    return this.applications.get(actor, id);
  }

  @Post('housing-applications/:id/actions')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @ApiOperation({
    summary:
      '办理：审核通过（公租房进入轮候，补贴即发放）/ 不通过 / 配租 / 撤回；保障落实即登记"住房保障服务"已提供',
  })
  act(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: HousingActionDto,
  ): Promise<HousingApplicationView> {
    return this.applications.act(actor, id, toAction(body), body.rev);
  }

  @Get('children/:childId/housing-applications')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '儿童家庭的住房保障申请' })
  forChild(
    @CurrentActor() actor: Actor,
    @Param('childId') childId: string,
  ): Promise<HousingApplicationView[]> {
    return this.applications.forChild(actor, childId);
  }
}
