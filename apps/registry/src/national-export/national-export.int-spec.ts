import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import mongoose from 'mongoose';
import request from 'supertest';
import { ulid } from 'ulid';
import { HttpDomainExceptionFilter, createValidationPipe } from '@care/grpc';
import { makeIdNumber } from '@care/identity';
import { AppModule } from '../app.module';
import { ChildrenService } from '../children/children.service';
import { AUDIT_COLLECTION, SettableClock } from '@care/service-kit';
import { loadRegistryConfig } from '../config';
import type { Actor } from '@care/access';
import { NationalExportModule } from './national-export.module';

// The export end to end: the real registry app (FerretDB, Kafka), children registered through
// ChildrenService (so sealed at rest), the CSV fetched over HTTP, the audit entry read back
// from the database.

const dbName = `registry_export_it_${ulid().toLowerCase()}`;
const config = loadRegistryConfig({
  ...process.env,
  NODE_ENV: 'test',
  MONGODB_DATABASE: dbName,
  RECOMPUTE_SCHEDULE_ENABLED: 'false',
  LOG_LEVEL: 'silent',
});
const officer: Actor = {
  userId: 'officer-1',
  role: 'civil-affairs-officer',
  department: 'DEPARTMENT_CIVIL_AFFAIRS',
  countyCodes: ['371702'],
};
const headers = {
  'x-user-id': 'officer-1',
  'x-role': 'civil-affairs-officer',
  'x-department': 'DEPARTMENT_CIVIL_AFFAIRS',
  'x-county-codes': '371702',
};

describe('GET /api/v1/exports/national.csv', () => {
  let app: INestApplication;

  beforeAll(async () => {
    @Module({
      imports: [
        AppModule.forRoot(config, { clock: new SettableClock('2025-03-01') }),
        NationalExportModule.forRoot(),
      ],
    })
    class TestApp {}
    app = await NestFactory.create(TestApp, { logger: false });
    app.useGlobalPipes(createValidationPipe());
    app.useGlobalFilters(new HttpDomainExceptionFilter());
    await app.init();
    const children = app.get(ChildrenService);
    for (let i = 1; i <= 3; i += 1) {
      await children.register(officer, {
        name: `测试儿童${'一二三'[i - 1]}`,
        idNumber: makeIdNumber('410402', '2015-05-01', 200 + i),
        hukouDivisionCode: '410402',
        hukouAddress: '河南省平顶山市新华区中兴路街道1号',
        residence: {
          divisionCode: '371702',
          movedInOn: '2024-01-10',
          address: '山东省菏泽市牡丹区西城街道和平路12号',
        },
        accompaniedBy: 'both-parents',
        guardians: [{ name: '测试家长', relation: '父亲', phone: '13812345678' }],
        difficultyTypes: ['family-hardship'],
      } as Parameters<ChildrenService['register']>[1]);
    }
  });

  afterAll(async () => {
    await app?.close();
    const connection = await mongoose.createConnection(config.MONGODB_URI, { dbName }).asPromise();
    await connection.dropDatabase();
    await connection.close();
  });

  it('streams the migrant children of the county in clear, and audits the export once with its count', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/v1/exports/national.csv')
      .query({ countyCode: '371702', purpose: '2025年上半年监测摸排结果报送' })
      .set(headers)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="national-371702-20250301-/);
    expect(res.headers['x-record-count']).toBe('3');
    const csv = (res.body as Buffer).toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv
      .slice(1)
      .split('\r\n')
      .filter((l) => l !== '');
    expect(lines).toHaveLength(4);
    expect(lines[0]!.startsWith('儿童姓名,公民身份号码,性别,出生日期')).toBe(true);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(['测试儿童一', '测试儿童三', '测试儿童二']);
    expect(csv).toContain(makeIdNumber('410402', '2015-05-01', 201));

    const connection = await mongoose.createConnection(config.MONGODB_URI, { dbName }).asPromise();
    try {
      const entries = await connection.collection(AUDIT_COLLECTION).find({ action: 'export' }).toArray();
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        userId: 'officer-1',
        countyCode: '371702',
        recordCount: 3,
        purpose: '2025年上半年监测摸排结果报送',
      });
      expect(JSON.stringify(entries)).not.toContain('测试儿童');
    } finally {
      await connection.close();
    }
  });

  it.each<[string, Record<string, string>, Record<string, string>, number, string]>([
    [
      'a child director',
      { ...headers, 'x-role': 'child-director' },
      { countyCode: '371702', purpose: '报送' },
      403,
      'permission-denied',
    ],
    ['another county', headers, { countyCode: '371721', purpose: '报送' }, 403, 'permission-denied'],
    ['no purpose', headers, { countyCode: '371702' }, 400, 'invalid-argument'],
    ['no identity', {}, { countyCode: '371702', purpose: '报送' }, 401, 'unauthenticated'],
  ])('refuses %s', async (_why, h, query, status, code) => {
    const res = await request(app.getHttpServer())
      .get('/api/v1/exports/national.csv')
      .query(query)
      .set(h)
      .expect(status);
    expect(res.body.code).toBe(code);
  });
});
