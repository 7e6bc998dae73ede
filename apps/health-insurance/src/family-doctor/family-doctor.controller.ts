import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { DEPARTMENT_PERMISSIONS } from '@care/department-kit';
import { invalidArgument } from '@care/errors';
import { ContractActionDto, ExpiringQueryDto, SignContractDto } from './family-doctor.dto';
import {
  FamilyDoctorService,
  type ChildFamilyDoctorStatus,
  type ContractDetail,
  type ContractResult,
  type ExpiringContractsPage,
} from './family-doctor.service';

const NUMBER = new ParseIntPipe({
  exceptionFactory: () => invalidArgument('number', '正整数', '字段 number：签约序号须为正整数'),
});

/** 家庭医生签约 (市卫健委): sign, renew, terminate, each child's status, the expiring list. */
@ApiTags('family-doctor 家庭医生签约')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1')
export class FamilyDoctorController {
  constructor(private readonly familyDoctor: FamilyDoctorService) {}

  @Post('family-doctor/contracts')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @ApiOperation({
    summary:
      '家庭医生签约：一名儿童同一时间只有一份有效签约，已迁出的儿童不能新签；重复提交同一签约不重复登记；签约即登记服务项目已提供',
  })
  sign(@CurrentActor() actor: Actor, @Body() body: SignContractDto): Promise<ContractResult> {
    return this.familyDoctor.sign(actor, body);
  }

  @Get('family-doctor/contracts/expiring')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '本县区N天内到期的家庭医生签约：到期最早的在前' })
  expiring(@CurrentActor() actor: Actor, @Query() query: ExpiringQueryDto): Promise<ExpiringContractsPage> {
    return this.familyDoctor.expiring(actor, query);
  }

  @Get('family-doctor/contracts/:childId/:number')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '一份签约及其续约、解约记录与当前可办理事项' })
  get(
    @CurrentActor() actor: Actor,
    @Param('childId') childId: string,
    @Param('number', NUMBER) number: number,
  ): Promise<ContractDetail> {
    return this.familyDoctor.get(actor, childId, number);
  }

  @Post('family-doctor/contracts/:childId/:number/actions')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'records.write')
  @ApiOperation({ summary: '续约（到期前规定天数内）或解约（须填原因代码），按所见版本号办理' })
  act(
    @CurrentActor() actor: Actor,
    @Param('childId') childId: string,
    @Param('number', NUMBER) number: number,
    @Body() body: ContractActionDto,
  ): Promise<ContractResult> {
    return this.familyDoctor.act(actor, childId, number, body);
  }

  @Get('children/:childId/family-doctor')
  @RequirePermission(DEPARTMENT_PERMISSIONS, 'worklist.read')
  @ApiOperation({ summary: '儿童的家庭医生签约情况：当前有效签约、是否可新签、全部签约' })
  status(@CurrentActor() actor: Actor, @Param('childId') childId: string): Promise<ChildFamilyDoctorStatus> {
    return this.familyDoctor.status(actor, childId);
  }
}
