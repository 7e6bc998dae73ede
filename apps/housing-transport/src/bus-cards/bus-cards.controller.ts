import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { CountyPageQueryDto, DEPARTMENT_PERMISSIONS } from '@care/department-kit';
import { BusCardsService, type BusCardPage, type BusCardView } from './bus-cards.service';

export class IssueBusCardDto {
  @ApiProperty({ description: '儿童编号（登记服务的儿童ID）；学校、年级、学年取自教育部门学籍' })
  @IsString()
  @IsNotEmpty({ message: '须填写儿童编号' })
  @MaxLength(64)
  childId!: string;
}

export class BusCardQueryDto extends CountyPageQueryDto {
  @ApiPropertyOptional({ enum: ['active', 'revoked'], description: '有效 / 已注销' })
  @IsOptional()
  @IsIn(['active', 'revoked'], { message: '须为 active 或 revoked' })
  status?: 'active' | 'revoked';
}

/** 学生公交卡 (市交通运输局): issued from education's record of the child's school. */
@ApiTags('bus-cards 学生公交卡')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1/bus-cards')
export class BusCardsController {
  constructor(private readonly cards: BusCardsService) {}

  @Post()
  @HttpCode(200)
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @ApiOperation({
    summary:
      '办理学生公交卡：学校与学年取自教育部门学籍（在读方可办理），有效期至学年结束；已有有效卡时返回该卡',
  })
  async issue(
    @CurrentActor() actor: Actor,
    @Body() body: IssueBusCardDto,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ): Promise<BusCardView> {
    const { created, card } = await this.cards.issue(actor, body.childId);
    if (created) response.status(201);
    return card;
  }

  @Get()
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '本县区学生公交卡（按儿童编号排序，分页）' })
  list(@CurrentActor() actor: Actor, @Query() query: BusCardQueryDto): Promise<BusCardPage> {
    return this.cards.list(actor, query);
  }

  @Get('children/:childId')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '儿童的学生公交卡（含已注销、已过期）' })
  forChild(@CurrentActor() actor: Actor, @Param('childId') childId: string): Promise<BusCardView[]> {
    return this.cards.forChild(actor, childId);
  }
}
