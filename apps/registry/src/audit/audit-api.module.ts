import { Module } from '@nestjs/common';
import { AccessModule } from '@care/access';
import { AuditController } from './audit.controller';

/** The auditors' endpoint over the kit's AuditTrail (AuditModule.forRoot in app.module.ts). */
@Module({ imports: [AccessModule], controllers: [AuditController] })
export class AuditApiModule {}
