import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { DEPARTMENT_PERMISSIONS } from '@care/department-kit';
import { EDUCATION_BENEFIT_IDS, EDUCATION_BENEFITS, type EducationBenefitId } from '@care/education-rules';
import { AWARD_OUTCOMES, type AwardOutcome } from './award.schema';
import { MAX_AWARD_FEN, StudentAidService, type AwardView, type StudentAidView } from './student-aid.service';

const OUTCOMES = Object.keys(AWARD_OUTCOMES) as AwardOutcome[];

export class RecordAwardDto {
  @ApiProperty({ description: '儿童编号（登记服务的儿童ID）' })
  @IsString({ message: '儿童编号：须为文本' })
  @IsNotEmpty({ message: '儿童编号：须填写' })
  @MaxLength(64, { message: '儿童编号：不超过64个字符' })
  childId!: string;

  @ApiProperty({
    enum: EDUCATION_BENEFIT_IDS,
    description: EDUCATION_BENEFIT_IDS.map((id) => `${id} ${EDUCATION_BENEFITS[id].nameZh}`).join(' / '),
  })
  @IsIn(EDUCATION_BENEFIT_IDS, { message: `资助项目：须为 ${EDUCATION_BENEFIT_IDS.join('、')} 之一` })
  benefit!: EducationBenefitId;

  @ApiPropertyOptional({ description: '学年（默认本学年；只能登记本学年）', example: '2026-2027' })
  @IsOptional()
  @Matches(/^\d{4}-\d{4}$/, { message: '学年：须为相邻两年，如 2026-2027' })
  schoolYear?: string;

  @ApiProperty({ enum: OUTCOMES, description: '已发放/已减免（granted）或未发放（refused，须说明原因）' })
  @IsIn(OUTCOMES, { message: '发放结果：须为 granted 或 refused' })
  outcome!: AwardOutcome;

  @ApiPropertyOptional({
    description: '金额（分）：资金类（生活补助、国家助学金、学前资助）必填；减免类可填减免金额；实物类不填',
    example: 125000,
  })
  @IsOptional()
  @IsInt({ message: '金额：须为整数（分）' })
  @Min(1, { message: '金额：不能小于1分' })
  @Max(MAX_AWARD_FEN, { message: `金额：不能大于${MAX_AWARD_FEN}分` })
  amountFen?: number;

  @ApiPropertyOptional({ description: '未发放原因（如家长书面放弃；不得填写个人信息）' })
  @IsOptional()
  @IsString({ message: '未发放原因：须为文本' })
  @MaxLength(200, { message: '未发放原因：不超过200个字' })
  reason?: string;

  @ApiPropertyOptional({ description: '发放（减免）日期，默认今日', example: '2026-09-18' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '发放日期：须为日期（YYYY-MM-DD）' })
  awardedOn?: string;
}

/** 学生资助 (市教体局): awards of 两免一补, grants and fee waivers, checked against the rules. */
@ApiTags('student-aid 学生资助')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1')
export class StudentAidController {
  constructor(private readonly aid: StudentAidService) {}

  @Post('student-aid/awards')
  @HttpCode(200)
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @ApiOperation({
    summary:
      '登记学生资助（两免一补、寄宿生生活补助、国家助学金、免学杂费、学前资助）：按当前就读记录与儿童情况核对条件，不符合的说明规则；每名儿童每学年每项一次，并登记对应服务项目的提供情况',
  })
  award(
    @CurrentActor() actor: Actor,
    @Body() body: RecordAwardDto,
  ): Promise<AwardView & { replayed: boolean }> {
    return this.aid.award(actor, body);
  }

  @Get('children/:childId/student-aid')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '儿童的学生资助：按当前就读记录可享受的资助项目与已登记的资助' })
  forChild(@CurrentActor() actor: Actor, @Param('childId') childId: string): Promise<StudentAidView> {
    return this.aid.forChild(actor, childId);
  }
}
