import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiActorHeaders, CountyScopeGuard, CurrentActor, RequirePermission, type Actor } from '@care/access';
import { GATEWAY_PERMISSIONS } from '../gateway-access';
import { ListComparisonTasksDto, ResolveComparisonTaskDto } from './comparison-tasks.dto';
import { ComparisonTasksService, type ComparisonTaskView } from './comparison-tasks.service';

@ApiTags('comparison-tasks 比对差异任务')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1/comparison-tasks')
export class ComparisonTasksController {
  constructor(private readonly tasks: ComparisonTasksService) {}

  @Get()
  @RequirePermission(GATEWAY_PERMISSIONS, 'tasks.read')
  @ApiOperation({
    summary: '本县区的比对差异任务（居住地推送与本市登记不一致之处；到期日早的在前；取值已脱敏）',
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListComparisonTasksDto,
  ): Promise<{ items: ComparisonTaskView[]; total: number }> {
    return this.tasks.list(actor, query);
  }

  @Post(':taskId/resolve')
  @HttpCode(200)
  @RequirePermission(GATEWAY_PERMISSIONS, 'tasks.resolve')
  @ApiOperation({ summary: '处理一项差异：本市记录正确 / 对方记录正确 / 已更正本市记录 / 无需处理' })
  resolve(
    @CurrentActor() actor: Actor,
    @Param('taskId') taskId: string,
    @Body() body: ResolveComparisonTaskDto,
  ): Promise<ComparisonTaskView> {
    return this.tasks.resolve(actor, taskId.slice(0, 300), body);
  }
}
