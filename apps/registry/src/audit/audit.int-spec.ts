import { Controller, Get, Global, Module, Query, UseGuards, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import mongoose, { type Connection } from 'mongoose';
import request from 'supertest';
import { ulid } from 'ulid';
import { CountyScopeGuard } from '@care/access';
import { HttpDomainExceptionFilter, createValidationPipe } from '@care/grpc';
import { AuditModule, AuditTrail, type AuditRecordInput } from '@care/service-kit';
import { AuditApiModule } from './audit-api.module';
import { REGISTRY_AUDIT_ACTIONS } from './registry-audit-actions';

// The registry's auditors' endpoint over the kit's trail on the real database (the store itself:
// libs/service-kit/src/audit/mongo-audit-store.int-spec.ts), behind the header guard.

const uri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';
const dbName = `audit_api_it_${ulid().toLowerCase()}`;
const chainKey = Buffer.alloc(32, 0x5a);
const CONNECTION = Symbol('test-connection');

const entry = (over: Partial<AuditRecordInput> = {}): AuditRecordInput => ({
  userId: 'officer-1',
  role: 'civil-affairs-officer',
  department: 'DEPARTMENT_CIVIL_AFFAIRS',
  action: 'reveal',
  recordId: 'child-A',
  field: 'idNumber',
  purpose: '核对户籍信息',
  countyCode: '371702',
  ...over,
});

describe('registry audit endpoint on the real database', () => {
  let a: Connection;

  beforeAll(async () => {
    a = await mongoose.createConnection(uri, { dbName }).asPromise();
  });

  afterAll(async () => {
    await a.dropDatabase();
    await a.close();
  });

  describe('GET /api/v1/audit', () => {
    let app: INestApplication;

    @Controller('probe')
    @UseGuards(CountyScopeGuard)
    class ProbeController {
      @Get()
      probe(@Query('countyCode') countyCode: string): { countyCode: string } {
        return { countyCode };
      }
    }
    @Module({ controllers: [ProbeController] })
    class ProbeModule {}

    beforeAll(async () => {
      @Global()
      @Module({ providers: [{ provide: CONNECTION, useValue: a }], exports: [CONNECTION] })
      class ConnectionModule {}
      @Module({
        imports: [
          ConnectionModule,
          AuditModule.forRoot({ connectionToken: CONNECTION, chainKey, actions: REGISTRY_AUDIT_ACTIONS }),
          AuditApiModule,
          ProbeModule,
        ],
      })
      class TestAppModule {}
      app = await NestFactory.create(TestAppModule, { logger: false });
      app.useGlobalPipes(createValidationPipe());
      app.useGlobalFilters(new HttpDomainExceptionFilter());
      await app.init();
      const trail = app.get(AuditTrail);
      for (let i = 0; i < 12; i += 1) await trail.record(entry({ recordId: `child-${i}` }));
      await trail.record(entry({ recordId: 'child-Z', countyCode: '371721', userId: 'officer-2' }));
    });

    afterAll(async () => {
      await app.close();
    });

    const auditor = {
      'x-user-id': 'aud-1',
      'x-role': 'auditor',
      'x-department': 'DEPARTMENT_CIVIL_AFFAIRS',
      'x-county-codes': '371702',
    };

    it('lists the entries of a record for an auditor of that county, without any revealed value', async () => {
      const res = await request(app.getHttpServer())
        .get('/api/v1/audit')
        .query({ recordId: 'child-3' })
        .set(auditor)
        .expect(200);
      expect(res.body.entries).toHaveLength(1);
      expect(res.body.entries[0]).toMatchObject({
        recordId: 'child-3',
        field: 'idNumber',
        purpose: '核对户籍信息',
        userId: 'officer-1',
        action: 'reveal',
      });
    });

    it("hides other counties' entries", async () => {
      const res = await request(app.getHttpServer())
        .get('/api/v1/audit')
        .query({ recordId: 'child-Z' })
        .set(auditor)
        .expect(200);
      expect(res.body.entries).toHaveLength(0);
      const other = await request(app.getHttpServer())
        .get('/api/v1/audit')
        .query({ recordId: 'child-Z' })
        .set({ ...auditor, 'x-county-codes': '371721' })
        .expect(200);
      expect(other.body.entries).toHaveLength(1);
    });

    it('filters by time (a date is a whole day in Asia/Shanghai) and pages', async () => {
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      const page = await request(app.getHttpServer())
        .get('/api/v1/audit')
        .query({ from: today, to: today, limit: 5 })
        .set(auditor)
        .expect(200);
      expect(page.body.entries).toHaveLength(5);
      expect(page.body.nextAfterSeq).toBe(page.body.entries[4].seq);
      const none = await request(app.getHttpServer())
        .get('/api/v1/audit')
        .query({ to: '2000-01-01' })
        .set(auditor)
        .expect(200);
      expect(none.body.entries).toHaveLength(0);
    });

    it('verifies the chain for an auditor', async () => {
      const res = await request(app.getHttpServer()).get('/api/v1/audit/verify').set(auditor).expect(200);
      expect(res.body).toMatchObject({ ok: true, checked: 13 });
    });

    it.each<[string, Record<string, string>, number, string]>([
      ['no identity headers', {}, 401, 'unauthenticated'],
      [
        'an officer (not an auditor)',
        { ...auditor, 'x-role': 'civil-affairs-officer' },
        403,
        'permission-denied',
      ],
    ])('refuses %s', async (_why, headers, status, code) => {
      const res = await request(app.getHttpServer()).get('/api/v1/audit').set(headers).expect(status);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    });

    it('refuses a bad query parameter in Chinese', async () => {
      const res = await request(app.getHttpServer())
        .get('/api/v1/audit')
        .query({ from: 'yesterday' })
        .set(auditor)
        .expect(400);
      expect(res.body).toMatchObject({ code: 'invalid-argument', field: 'from' });
    });

    it('CountyScopeGuard refuses a county outside the actor’s counties', async () => {
      await request(app.getHttpServer())
        .get('/probe')
        .query({ countyCode: '371702' })
        .set(auditor)
        .expect(200);
      const res = await request(app.getHttpServer())
        .get('/probe')
        .query({ countyCode: '371721' })
        .set(auditor)
        .expect(403);
      expect(res.body.message).toContain('371721');
    });
  });
});
