import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { addDays, isLocalDate } from '@care/child-rules';
import { invalidArgument } from '@care/errors';
import { ACTOR_HEADERS, type Actor, CountyScopeGuard, RequireRoles, CurrentActor } from '@care/access';
import { AuditEntryDto, AuditPageDto, AuditQueryDto, ChainVerificationDto } from './audit.dto';
import { AuditTrail } from '@care/service-kit';

/** A date alone means the start of that day in Asia/Shanghai; a date-time is taken as written. */
function instant(text: string, field: string): Date {
  const value = isLocalDate(text) ? new Date(`${text}T00:00:00+08:00`) : new Date(text);
  if (Number.isNaN(value.getTime())) throw invalidArgument(field, '日期时间', `${field} 不是有效的日期时间`);
  return value;
}

@ApiTags('audit 审计')
@ApiHeader({ name: ACTOR_HEADERS.userId, required: true })
@ApiHeader({ name: ACTOR_HEADERS.role, required: true, description: 'auditor' })
@ApiHeader({ name: ACTOR_HEADERS.department, required: true })
@ApiHeader({ name: ACTOR_HEADERS.countyCodes, required: true })
@Controller('api/v1/audit')
@UseGuards(CountyScopeGuard)
@RequireRoles('auditor')
export class AuditController {
  constructor(private readonly trail: AuditTrail) {}

  @Get()
  @ApiOperation({ summary: '查询个人信息查看记录（审计员）' })
  @ApiOkResponse({ type: AuditPageDto })
  async list(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const limit = query.limit ?? 100;
    const from = query.from === undefined ? undefined : instant(query.from, 'from');
    // `to=2025-03-31` reads as "through the 31st", so the exclusive bound is the next day.
    const to =
      query.to === undefined
        ? undefined
        : isLocalDate(query.to)
          ? instant(addDays(query.to, 1), 'to')
          : instant(query.to, 'to');
    if (from !== undefined && to !== undefined && from >= to)
      throw invalidArgument('to', '晚于起始时间', '截止时间（to）须晚于起始时间（from）');
    const entries = await this.trail.query({
      recordId: query.recordId,
      action: query.action,
      from,
      to,
      afterSeq: query.afterSeq,
      countyCodes: actor.countyCodes,
      limit,
    });
    const page: AuditPageDto = { entries: entries.map((e) => AuditEntryDto.from(e)) };
    if (entries.length === limit) page.nextAfterSeq = entries[entries.length - 1]!.seq;
    return page;
  }

  @Get('verify')
  @ApiOperation({ summary: '校验审计链是否完整（被修改或删除的记录会被发现）' })
  @ApiOkResponse({ type: ChainVerificationDto })
  async verify(): Promise<ChainVerificationDto> {
    const result = await this.trail.verifyChain();
    return result.ok
      ? { ok: true, checked: result.checked, lastSeq: result.lastSeq }
      : { ok: false, checked: result.checked, brokenAt: result.brokenAt, problem: result.problem };
  }
}
