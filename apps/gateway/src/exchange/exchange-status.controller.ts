import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiActorHeaders, CountyScopeGuard, RequirePermission } from '@care/access';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { GATEWAY_PERMISSIONS } from '../gateway-access';
import { PushService } from '../push/push.service';
import { MessageLog, type MessageLogEntry } from './message-log';

class MessageLogQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '每页条数须为整数' })
  @Min(1, { message: '每页至少1条' })
  @Max(500, { message: '每页最多500条' })
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'beforeSeq 须为整数' })
  @Min(1, { message: 'beforeSeq 须大于0' })
  beforeSeq?: number;
}

/** The operator's and the auditor's view: what is pending per partner, the message log and its chain. */
@ApiTags('exchange 跨区域交换')
@ApiActorHeaders()
@UseGuards(CountyScopeGuard)
@Controller('api/v1/exchange')
export class ExchangeStatusController {
  constructor(
    private readonly push: PushService,
    private readonly log: MessageLog,
  ) {}

  @Get('outbox')
  @RequirePermission(GATEWAY_PERMISSIONS, 'exchange.read')
  @ApiOperation({ summary: '向各户籍地推送的报文：待送达（其中重试中）与已回执的数量' })
  outbox(): ReturnType<PushService['outboxSummary']> {
    return this.push.outboxSummary();
  }

  @Get('parked')
  @RequirePermission(GATEWAY_PERMISSIONS, 'exchange.read')
  @ApiOperation({ summary: '因户籍库读取失败而暂存待重试的儿童变更：数量、最早暂存时间与最近错误' })
  parked(): ReturnType<PushService['parkedSummary']> {
    return this.push.parkedSummary();
  }

  @Get('message-log')
  @RequirePermission(GATEWAY_PERMISSIONS, 'exchange.read')
  @ApiOperation({ summary: '报文日志（新的在前）：收发、回执与拒收，含报文摘要与原因，不含报文内容' })
  page(@Query() query: MessageLogQueryDto): Promise<MessageLogEntry[]> {
    return this.log.page(query.limit ?? 100, query.beforeSeq);
  }

  @Get('message-log/verify')
  @RequirePermission(GATEWAY_PERMISSIONS, 'exchange.read')
  @ApiOperation({ summary: '校验报文日志的哈希链（篡改、删除可见）' })
  verify(): ReturnType<MessageLog['verify']> {
    return this.log.verify();
  }

  @Get('messages/:messageId')
  @RequirePermission(GATEWAY_PERMISSIONS, 'exchange.read')
  @ApiOperation({ summary: '一条报文的日志记录' })
  message(@Param('messageId') messageId: string): Promise<MessageLogEntry[]> {
    return this.log.forMessage(messageId.slice(0, 160));
  }
}
