// services-catalog end to end on the real broker and database: registry events in, entitlement
// events out (only differences), county lists drafted, refused, published, diffed, applied,
// and gRPC over a real socket.
import { catalogue, CatalogueEvents, common, RegistryEvents } from '@care/contracts';
import {
  ConsumerRegistry,
  EventConsumer,
  EventPublisher,
  handle,
  KafkaEventBroker,
  silentLogger,
} from '@care/events';
import { createGrpcClient, startHybridApp, type GrpcClient } from '@care/grpc';
import { actorMetadata } from '@care/access';
import { DomainError } from '@care/errors';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { firstValueFrom } from 'rxjs';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { SettableClock } from '@care/service-kit';
import { loadServicesCatalogConfig } from '../src/config';
import { RecomputeSweeper } from '../src/entitlements/recompute-sweeper';
import {
  childFacts,
  freePort,
  KAFKA_BROKERS,
  MONGODB_URI,
  registered,
  sleep,
  uid,
  updated,
  waitFor,
} from './support';

jest.setTimeout(120_000);

type Granted = catalogue.EntitlementGranted & { eventId: string };
type Withdrawn = catalogue.EntitlementWithdrawn & { eventId: string };

const D = common.Department;
const EVERYONE_ITEMS = ['HZ-06', 'HZ-07', 'HZ-18', 'HZ-19', 'HZ-20', 'HZ-21'];

/** Identity headers: the stand-in for the sign-in gateway (@care/access). */
function actor(
  role: string,
  counties: string,
  department = 'DEPARTMENT_CIVIL_AFFAIRS',
): Record<string, string> {
  return {
    'x-user-id': `it-${role}`,
    'x-role': role,
    'x-department': department,
    'x-county-codes': counties,
  };
}
/** 牡丹区's civil-affairs admin: drafts, edits and publishes the county's list. */
const ADMIN = actor('civil-affairs-admin', '371702');
/** 牡丹区's civil-affairs officer: entitlements, deliveries and gaps. */
const OFFICER = actor('civil-affairs-officer', '371702');
/** The same officer calling over gRPC (identity in the call metadata). */
const OFFICER_METADATA = actorMetadata({
  userId: 'it-civil-affairs-officer',
  role: 'civil-affairs-officer',
  department: 'DEPARTMENT_CIVIL_AFFAIRS',
  countyCodes: ['371702'],
});
/** Any authenticated actor reads lists: here an auditor of another county. */
const READER = actor('auditor', '371721');

describe('services-catalog through the real Kafka broker and database', () => {
  const id = uid();
  // The app runs with EVENT_TOPIC_SUFFIX; the test's own broker uses the same suffix, so both
  // meet on topics of this run only (`<contract topic>.it<id>` on the wire).
  const suffix = `it${id}`;
  const topics = { ...RegistryEvents, ...CatalogueEvents };
  const dbName = `sc_it_${id}`;
  const clock = new SettableClock('2025-06-01');
  const granted: Granted[] = [];
  const withdrawn: Withdrawn[] = [];
  const published: catalogue.ServiceListPublished[] = [];
  let app: INestApplication;
  let http: string;
  let grpcAddress: string;
  let broker: KafkaEventBroker;
  let publisher: EventPublisher;
  let observer: EventConsumer;
  let grpc: GrpcClient<catalogue.CatalogueServiceClient>;

  const grantsOf = (childId: string) => granted.filter((e) => e.childId === childId);
  const withdrawalsOf = (childId: string) => withdrawn.filter((e) => e.childId === childId);
  const codes = (events: { itemCode: string }[]) => events.map((e) => e.itemCode).sort();
  const handled = () =>
    app.get(ConsumerRegistry).consumers.reduce((n, c) => n + c.stats.handled + c.stats.duplicates, 0);

  beforeAll(async () => {
    broker = new KafkaEventBroker({
      clientId: `sc-it-${id}`,
      brokers: KAFKA_BROKERS.split(','),
      logger: silentLogger,
      topicSuffix: suffix,
    });
    publisher = new EventPublisher(broker, { producer: 'registry' });
    // Create every topic up front (a fresh topic's leader election is the slow part of a first publish).
    await waitFor('topics created', async () => {
      await publisher.ensureTopics([
        topics.childRegistered,
        topics.childUpdated,
        topics.migrantStatusChanged,
        topics.childMovedOut,
        topics.listPublished,
        topics.entitlementGranted,
        topics.entitlementWithdrawn,
      ]);
      return true;
    });
    grpcAddress = `127.0.0.1:${await freePort()}`;
    const config = loadServicesCatalogConfig({
      ...process.env,
      NODE_ENV: 'test',
      KAFKA_BROKERS,
      MONGODB_URI,
      MONGODB_DATABASE: dbName,
      HTTP_PORT: '0',
      GRPC_BIND_ADDRESS: grpcAddress,
      EVENT_TOPIC_SUFFIX: suffix,
      REGISTRY_CONSUMER_GROUP: `sc-it-${id}.registry-facts`,
      KAFKA_CLIENT_ID: `sc-it-${id}`,
      OUTBOX_POLL_MS: '50',
      RECOMPUTE_SWEEP_MS: '3600000', // sweeps run on publication and when the test asks
      RECOMPUTE_CHUNK_SIZE: '2', // several pages even for a handful of children
      LOG_LEVEL: 'warn',
    });
    app = await NestFactory.create(AppModule.forRoot(config, { clock }), { logger: ['error', 'warn'] });
    http = (
      await startHybridApp(app, {
        grpc: { packages: ['catalogue'], url: grpcAddress },
        httpPort: 0,
        httpHost: '127.0.0.1',
      })
    ).httpUrl;
    grpc = createGrpcClient<catalogue.CatalogueServiceClient>('catalogue', grpcAddress, {
      dependency: '服务清单服务',
    });

    observer = new EventConsumer(broker, publisher, {
      groupId: `sc-it-${id}.observer`,
      logger: silentLogger,
      subscriptions: [
        handle(
          topics.entitlementGranted,
          async (e) => void granted.push({ ...e.message, eventId: e.eventId }),
        ),
        handle(
          topics.entitlementWithdrawn,
          async (e) => void withdrawn.push({ ...e.message, eventId: e.eventId }),
        ),
        handle(topics.listPublished, async (e) => void published.push(e.message)),
      ],
    });
    await observer.start();
  });

  afterAll(async () => {
    grpc?.close();
    await observer?.stop().catch(() => undefined);
    await app?.close();
    await publisher?.close();
    await broker?.close();
    const connection = await mongoose.createConnection(MONGODB_URI, { dbName }).asPromise();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    const admin = new Kafka({
      clientId: 'sc-it-admin',
      brokers: KAFKA_BROKERS.split(','),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    const mine = (await admin.listTopics()).filter((t) => t.includes(id));
    await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect();
  });

  it('grants a registered child exactly the items the list gives, with their departments', async () => {
    await publisher.publish(topics.childRegistered, 'child-a', registered(childFacts('child-a', 1)));
    await waitFor('8 grants for child-a', () => grantsOf('child-a').length >= 8);
    await sleep(1000);
    const grants = grantsOf('child-a');
    expect(codes(grants)).toEqual(['HZ-01', 'HZ-02', ...EVERYONE_ITEMS]);
    expect(grants.find((g) => g.itemCode === 'HZ-01')).toMatchObject({
      countyCode: '371702',
      departments: [D.DEPARTMENT_HEALTH],
      listVersion: 1,
    });
    expect(grants.find((g) => g.itemCode === 'HZ-19')?.departments).toEqual([
      D.DEPARTMENT_COURT,
      D.DEPARTMENT_PROCURATORATE,
      D.DEPARTMENT_EDUCATION_SPORTS,
      D.DEPARTMENT_PUBLIC_SECURITY,
      D.DEPARTMENT_WOMENS_FEDERATION,
    ]);
  });

  it('emits nothing for a replayed or an older event, and only the differences when the facts change', async () => {
    const before = handled();
    const first = await publisher.publish(
      topics.childUpdated,
      'child-a',
      updated(childFacts('child-a', 3, { orphan: true }), ['orphan']),
    );
    await waitFor('grants for the orphan items', () => grantsOf('child-a').length >= 10);
    // The same event again (same id), and an older version arriving late on another topic.
    await publisher.publish(
      topics.childUpdated,
      'child-a',
      updated(childFacts('child-a', 3, { orphan: true }), ['orphan']),
      { eventId: first.eventId },
    );
    await publisher.publish(topics.migrantStatusChanged, 'child-a', {
      facts: childFacts('child-a', 2),
      isMigrant: true,
      reasons: [],
      asOf: '2025-06-01',
      nextChangeOn: '',
    });
    await waitFor('three registry events handled', () => handled() >= before + 3);
    await sleep(1000);
    expect(codes(grantsOf('child-a'))).toEqual(
      ['HZ-01', 'HZ-02', 'HZ-09', 'HZ-12', ...EVERYONE_ITEMS].sort(),
    );
    expect(withdrawalsOf('child-a')).toEqual([]);
    const view = await request(http).get('/api/v1/children/child-a/entitlements').set(OFFICER).expect(200);
    expect(view.body).toMatchObject({ childId: 'child-a', countyCode: '371702', factsVersion: 3 });
    expect(view.body.entitlements.map((e: { itemCode: string }) => e.itemCode)).toContain('HZ-09');
  });

  it('withdraws exactly what was granted when the child moves out', async () => {
    const facts = childFacts('child-b', 1, {
      birthDate: '2016-01-05',
      educationStage: common.EducationStage.EDUCATION_STAGE_PRIMARY,
      minimumLiving: true,
      housingDifficulty: true,
    });
    await publisher.publish(topics.childRegistered, 'child-b', registered(facts));
    await waitFor('9 grants for child-b', () => grantsOf('child-b').length >= 9);
    expect(codes(grantsOf('child-b'))).toEqual(['HZ-03', 'HZ-11', 'HZ-15', ...EVERYONE_ITEMS].sort());
    expect(grantsOf('child-b').find((g) => g.itemCode === 'HZ-11')?.departments).toEqual([
      D.DEPARTMENT_HOUSING,
    ]);
    await publisher.publish(topics.childMovedOut, 'child-b', {
      facts: { ...facts, version: '2', movedOut: true },
      movedOutOn: '2025-06-01',
      toDivisionCode: '410102',
    });
    await waitFor('9 withdrawals for child-b', () => withdrawalsOf('child-b').length >= 9);
    await sleep(500);
    expect(codes(withdrawalsOf('child-b'))).toEqual(codes(grantsOf('child-b')));
    expect(new Set(withdrawalsOf('child-b').map((w) => w.reason))).toEqual(new Set(['moved-out']));
  });

  it('refuses to drop a basic item from a county draft, naming it', async () => {
    const draft = await request(http)
      .post('/api/v1/service-lists/371702/drafts')
      .set(ADMIN)
      .send({ title: '牡丹区流动儿童在居住地享有关爱服务清单' })
      .expect(201);
    expect(draft.body).toMatchObject({
      divisionCode: '371702',
      level: 'county',
      version: 1,
      status: 'draft',
      basedOn: { divisionCode: '371700', version: 1 },
    });
    expect(draft.body.items).toHaveLength(21);
    const refused = await request(http)
      .delete('/api/v1/service-lists/371702/versions/1/items/HZ-07')
      .set(ADMIN)
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'failed-precondition',
      message: 'HZ-07「医疗保障服务」是基础清单项目，不得删减',
    });
    const narrowed = await request(http)
      .patch('/api/v1/service-lists/371702/versions/1/items/HZ-09')
      .set(ADMIN)
      .send({
        eligibility: {
          op: 'all',
          rules: [
            { op: 'flag', flag: 'orphan' },
            { op: 'flag', flag: 'disabled' },
          ],
        },
      })
      .expect(409);
    expect(narrowed.body.message).toContain(
      '基础清单项目HZ-09「“孤儿医疗康复明天计划”项目服务」的服务对象规则不得缩小',
    );
    const badRule = await request(http)
      .patch('/api/v1/service-lists/371702/versions/1/items/HZ-09')
      .set(ADMIN)
      .send({ eligibility: { op: 'flag', flag: 'rich' } })
      .expect(400);
    expect(badRule.body.message).toContain('eligibility.flag：未知的儿童情形');
  });

  it("applies a published county list to the county's children, emitting only the differences", async () => {
    await request(http)
      .post('/api/v1/service-lists/371702/versions/1/items')
      .set(ADMIN)
      .send({
        area: '发展保障',
        targetGroup: '流动儿童',
        name: '暑期托管服务',
        content: '暑假期间在社区儿童之家提供免费托管',
        departments: ['education-sports', 'youth-league'],
        eligibility: { op: 'everyone' },
      })
      .expect(201)
      .expect((res) =>
        expect(res.body.items.at(-1)).toMatchObject({ code: '371702-01', name: '暑期托管服务' }),
      );
    await request(http)
      .patch('/api/v1/service-lists/371702/versions/1/items/HZ-06')
      .set(ADMIN)
      .send({ departments: ['health', 'civil-affairs'] })
      .expect(200);
    await request(http)
      .patch('/api/v1/service-lists/371702/versions/1/items/HZ-11')
      .set(ADMIN)
      .send({ content: '优先实物配租公共租赁住房，或发放租赁补贴' })
      .expect(200);
    const grantsBefore = grantsOf('child-a').length;
    const pub = await request(http)
      .post('/api/v1/service-lists/371702/versions/1/publish')
      .set(ADMIN)
      .send({ effectiveFrom: '2025-06-01' })
      .expect(200);
    expect(pub.body).toMatchObject({ status: 'published', effectiveFrom: '2025-06-01' });
    await waitFor(
      'the new item and the reassignment for child-a',
      () => grantsOf('child-a').length >= grantsBefore + 2,
    );
    await waitFor('listPublished', () => published.some((p) => p.countyCode === '371702' && p.version === 1));
    await sleep(1000);
    const news = grantsOf('child-a').slice(grantsBefore);
    expect(news.map((g) => [g.itemCode, g.departments, g.listVersion]).sort()).toEqual([
      ['371702-01', [D.DEPARTMENT_EDUCATION_SPORTS, D.DEPARTMENT_YOUTH_LEAGUE], 1],
      ['HZ-06', [D.DEPARTMENT_HEALTH, D.DEPARTMENT_CIVIL_AFFAIRS], 1],
    ]);
    expect(withdrawalsOf('child-a')).toEqual([]);
    expect(grantsOf('child-b').some((g) => g.itemCode === '371702-01')).toBe(false); // moved out: nothing
    expect(published.find((p) => p.countyCode === '371702')?.itemCodes).toHaveLength(22);

    const pub1 = await request(http).get('/api/v1/public/counties/371702/service-list').expect(200);
    expect(pub1.body).toMatchObject({
      countyCode: '371702',
      countyName: '山东省菏泽市牡丹区',
      source: '县区清单',
      version: 1,
      effectiveFrom: '2025-06-01',
    });
    expect(pub1.body.items.at(-1)).toMatchObject({
      seq: 22,
      name: '暑期托管服务',
      departments: '教体局、团委',
    });
    expect(pub1.body.items.find((i: { name: string }) => i.name === '卫生健康服务').departments).toBe(
      '卫健委、民政局',
    );
  });

  it('keeps older versions readable, names what changed between versions, and refuses a list without a basic item', async () => {
    await request(http).post('/api/v1/service-lists/371702/drafts').set(ADMIN).send({}).expect(201);
    await request(http)
      .patch('/api/v1/service-lists/371702/versions/2/items/HZ-02')
      .set(ADMIN)
      .send({ content: '3-6岁流动儿童就近免费入读普惠性幼儿园' })
      .expect(200);
    await request(http)
      .delete('/api/v1/service-lists/371702/versions/2/items/371702-01')
      .set(ADMIN)
      .expect(200);
    await request(http)
      .post('/api/v1/service-lists/371702/versions/2/publish')
      .set(ADMIN)
      .send({ effectiveFrom: '2025-05-31' })
      .expect(400);
    await request(http)
      .post('/api/v1/service-lists/371702/versions/2/publish')
      .set(ADMIN)
      .send({ effectiveFrom: '2025-09-01' })
      .expect(200);

    const v1 = await request(http).get('/api/v1/service-lists/371702/versions/1').set(READER).expect(200);
    expect(v1.body).toMatchObject({
      version: 1,
      status: 'published',
      effectiveFrom: '2025-06-01',
      applied: true,
    });
    expect(v1.body.items.find((i: { code: string }) => i.code === 'HZ-02').content).toBe(
      '符合条件的就近在公办幼儿园或普惠性幼儿园入园；资助家庭经济困难的儿童接受普惠性学前教育',
    );
    const current = await request(http).get('/api/v1/service-lists/371702/current').set(READER).expect(200);
    expect(current.body).toMatchObject({ source: 'county', version: 1 }); // v2 takes effect on 2025-09-01

    const diff = await request(http)
      .get('/api/v1/service-lists/371702/diff?from=1&to=2')
      .set(READER)
      .expect(200);
    expect(diff.body).toMatchObject({
      from: { divisionCode: '371702', version: 1 },
      to: { divisionCode: '371702', version: 2 },
      added: [],
      removed: [{ code: '371702-01', name: '暑期托管服务' }],
      changed: [
        {
          code: 'HZ-02',
          name: '学前教育服务',
          changes: [
            { field: 'content', fieldZh: '服务内容', after: '3-6岁流动儿童就近免费入读普惠性幼儿园' },
          ],
        },
      ],
      effectiveFrom: { before: '2025-06-01', after: '2025-09-01' },
    });

    // A draft that lost a basic item by other means (an import, a hand edit) cannot be published.
    await request(http).post('/api/v1/service-lists/371702/drafts').set(ADMIN).send({}).expect(201);
    const connection = await mongoose.createConnection(MONGODB_URI, { dbName }).asPromise();
    const lists = connection.collection('service_lists');
    const draft = await lists.findOne({ _id: '371702:3' as never });
    await lists.updateOne(
      { _id: '371702:3' as never },
      {
        $set: {
          items: (draft?.items as { code: string }[]).filter((i) => i.code !== 'HZ-07' && i.code !== 'HZ-15'),
        },
      },
    );
    await connection.close();
    const refused = await request(http)
      .post('/api/v1/service-lists/371702/versions/3/publish')
      .set(ADMIN)
      .send({ effectiveFrom: '2025-10-01' })
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'failed-precondition',
      message:
        '服务清单低于基础清单，不能保存或发布：缺少基础清单项目HZ-07「医疗保障服务」：基础清单项目不得删减；缺少基础清单项目HZ-15「最低生活保障服务」：基础清单项目不得删减',
      details: { items: 'HZ-07,HZ-15' },
    });
    const versions = await request(http).get('/api/v1/service-lists/371702/versions').set(READER).expect(200);
    expect(versions.body.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'published'],
      [2, 'published'],
      [3, 'draft'],
    ]);
  });

  it('answers GetChildEntitlements and GetCurrentList over a real gRPC socket', async () => {
    const { entitlements } = await firstValueFrom(
      grpc.getChildEntitlements({ childId: 'child-a' }, OFFICER_METADATA),
    );
    expect(entitlements?.childId).toBe('child-a');
    expect(entitlements?.entitlements.map((e) => e.itemCode).sort()).toEqual(
      ['371702-01', 'HZ-01', 'HZ-02', 'HZ-09', 'HZ-12', ...EVERYONE_ITEMS].sort(),
    );
    expect(entitlements?.entitlements.find((e) => e.itemCode === 'HZ-08')).toBeUndefined();
    expect(entitlements?.entitlements.find((e) => e.itemCode === 'HZ-06')).toMatchObject({
      departments: [D.DEPARTMENT_HEALTH, D.DEPARTMENT_CIVIL_AFFAIRS],
      deliveredAt: '',
      listVersion: 1,
    });

    const { list } = await firstValueFrom(grpc.getCurrentList({ countyCode: '371702', onDate: '' }));
    expect(list).toMatchObject({ countyCode: '371702', version: 1, effectiveFrom: '2025-06-01' });
    expect(list?.items).toHaveLength(22);
    expect(list?.items.find((i) => i.code === 'HZ-07')).toMatchObject({
      basic: true,
      departments: [D.DEPARTMENT_MEDICAL_INSURANCE],
      targetGroup: '流动儿童',
    });
    expect(list?.items.find((i) => i.code === '371702-01')?.basic).toBe(false);

    const missing = await firstValueFrom(
      grpc.getChildEntitlements({ childId: 'nobody' }, OFFICER_METADATA),
    ).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DomainError);
    expect(missing).toMatchObject({ code: 'not-found' });

    // Entitlements need an identity over gRPC too, scoped to the caller's counties.
    const anonymous = await firstValueFrom(grpc.getChildEntitlements({ childId: 'child-a' })).catch(
      (e: unknown) => e,
    );
    expect(anonymous).toMatchObject({ code: 'unauthenticated' });
    const elsewhere = await firstValueFrom(
      grpc.getChildEntitlements(
        { childId: 'child-a' },
        actorMetadata({
          userId: 'it-other',
          role: 'civil-affairs-officer',
          department: 'DEPARTMENT_CIVIL_AFFAIRS',
          countyCodes: ['371721'],
        }),
      ),
    ).catch((e: unknown) => e);
    expect(elsewhere).toMatchObject({ code: 'permission-denied' });
  });

  it('lists gaps per county and department until a delivery is recorded', async () => {
    const gaps = await request(http)
      .get('/api/v1/gaps?countyCode=371702&department=health')
      .set(OFFICER)
      .expect(200);
    const rows = gaps.body.gaps.filter((g: { childId: string }) => g.childId === 'child-a');
    expect(rows.map((g: { itemCode: string }) => g.itemCode).sort()).toEqual(['HZ-01', 'HZ-06', 'HZ-18']);
    expect(rows[0]).toMatchObject({ countyCode: '371702', grantedOn: '2025-06-01', daysOpen: 0 });

    await request(http)
      .post('/api/v1/children/child-a/deliveries')
      .set(OFFICER)
      .send({ itemCode: 'HZ-01', department: 'housing', deliveredOn: '2025-06-01' })
      .expect(409);
    await request(http)
      .post('/api/v1/children/child-a/deliveries')
      .set(OFFICER)
      .send({ itemCode: 'HZ-01', department: 'health', deliveredOn: '2025-06-02' })
      .expect(400);
    await request(http)
      .post('/api/v1/children/child-a/deliveries')
      .set(OFFICER)
      .send({ itemCode: 'HZ-01', department: 'health', deliveredOn: '2025-06-01' })
      .expect(200);
    clock.set('2025-06-11');
    const after = await request(http)
      .get('/api/v1/gaps?countyCode=371702&department=health')
      .set(OFFICER)
      .expect(200);
    const left = after.body.gaps.filter((g: { childId: string }) => g.childId === 'child-a');
    expect(left.map((g: { itemCode: string; daysOpen: number }) => [g.itemCode, g.daysOpen]).sort()).toEqual([
      ['HZ-06', 10],
      ['HZ-18', 10],
    ]);
    const summary = await request(http)
      .get('/api/v1/gaps/summary?countyCode=371702')
      .set(OFFICER)
      .expect(200);
    expect(summary.body.rows.find((r: { department: string }) => r.department === 'health')).toMatchObject({
      countyCode: '371702',
      unserved: 2,
      oldestDays: 10,
    });
    const grpcView = await firstValueFrom(
      grpc.getChildEntitlements({ childId: 'child-a' }, OFFICER_METADATA),
    );
    expect(grpcView.entitlements?.entitlements.find((e) => e.itemCode === 'HZ-01')?.deliveredAt).toBe(
      '2025-06-01',
    );
  });

  it('refuses callers without identity, outside their counties or roles, and scopes what the others see', async () => {
    // No identity headers: 401 everywhere but the public list.
    for (const call of [
      request(http).get('/api/v1/service-lists/371702/versions'),
      request(http).post('/api/v1/service-lists/371702/drafts').send({}),
      request(http).get('/api/v1/children/child-a/entitlements'),
      request(http)
        .post('/api/v1/children/child-a/deliveries')
        .send({ itemCode: 'HZ-06', department: 'health', deliveredOn: '2025-06-11' }),
      request(http).get('/api/v1/gaps'),
      request(http).get('/api/v1/gaps/summary'),
    ]) {
      const refused = await call.expect(401);
      expect(refused.body).toMatchObject({
        code: 'unauthenticated',
        message: '缺少身份信息：请求头 x-user-id 必填',
      });
    }
    await request(http).get('/api/v1/public/counties/371702/service-list').expect(200);
    const badRole = await request(http)
      .get('/api/v1/service-lists/371702/versions')
      .set({ ...READER, 'x-role': 'root' })
      .expect(401);
    expect(badRole.body.message).toContain('x-role 须为');

    // Lists: only the civil-affairs admin of that division writes; the city list needs the city's code.
    const officerPublishing = await request(http)
      .post('/api/v1/service-lists/371702/versions/3/publish')
      .set(OFFICER)
      .send({ effectiveFrom: '2025-10-01' })
      .expect(403);
    expect(officerPublishing.body).toMatchObject({
      code: 'permission-denied',
      message: '当前角色（民政工作人员）无权起草、修改或发布服务清单，需要：民政局管理员',
    });
    await request(http)
      .patch('/api/v1/service-lists/371702/versions/3/items/HZ-02')
      .set(actor('department-officer', '371702', 'DEPARTMENT_EDUCATION_SPORTS'))
      .send({ content: '就近入园' })
      .expect(403);
    const otherCounty = await request(http)
      .post('/api/v1/service-lists/371702/drafts')
      .set(actor('civil-affairs-admin', '371721'))
      .send({})
      .expect(403);
    expect(otherCounty.body).toMatchObject({
      code: 'permission-denied',
      message: '无权访问区县 371702 的数据：不在本人负责的区县范围内',
    });
    const countyAdminOnCity = await request(http)
      .post('/api/v1/service-lists/371700/drafts')
      .set(ADMIN)
      .send({})
      .expect(403);
    expect(countyAdminOnCity.body.message).toContain('371700');
    const cityDraft = await request(http)
      .post('/api/v1/service-lists/371700/drafts')
      .set(actor('civil-affairs-admin', '371700'))
      .send({})
      .expect(201);
    expect(cityDraft.body).toMatchObject({ divisionCode: '371700', level: 'city', status: 'draft' });

    // Entitlements and deliveries: the child's county, never the auditor.
    const stranger = await request(http)
      .get('/api/v1/children/child-a/entitlements')
      .set(actor('civil-affairs-officer', '371721'))
      .expect(403);
    expect(stranger.body).toMatchObject({
      code: 'permission-denied',
      message: '无权访问区县 371702 的数据：不在本人负责的区县范围内',
    });
    await request(http)
      .post('/api/v1/children/child-a/deliveries')
      .set(actor('civil-affairs-officer', '371721'))
      .send({ itemCode: 'HZ-06', department: 'health', deliveredOn: '2025-06-11' })
      .expect(403);
    const auditor = await request(http)
      .get('/api/v1/children/child-a/entitlements')
      .set(actor('auditor', '371702'))
      .expect(403);
    expect(auditor.body.message).toContain('当前角色（审计员）无权查看儿童服务权益');
    await request(http).get('/api/v1/gaps').set(actor('auditor', '371702')).expect(403);
    await request(http)
      .post('/api/v1/children/child-a/deliveries')
      .set(actor('child-director', '371702'))
      .send({ itemCode: 'HZ-06', department: 'health', deliveredOn: '2025-06-11' })
      .expect(403);

    // A department officer: its own department's items only, and deliveries only for them.
    const HEALTH = actor('department-officer', '371702', 'DEPARTMENT_HEALTH');
    const HOUSING = actor('department-officer', '371702', 'DEPARTMENT_HOUSING');
    const healthView = await request(http)
      .get('/api/v1/children/child-a/entitlements')
      .set(HEALTH)
      .expect(200);
    expect(healthView.body.entitlements.map((e: { itemCode: string }) => e.itemCode).sort()).toEqual([
      'HZ-01',
      'HZ-06',
      'HZ-18',
    ]);
    const notHousings = await request(http)
      .post('/api/v1/children/child-a/deliveries')
      .set(HOUSING)
      .send({ itemCode: 'HZ-06', department: 'housing', deliveredOn: '2025-06-11' })
      .expect(403);
    expect(notHousings.body.message).toBe(
      '住建局不是服务项目HZ-06「卫生健康服务」的责任部门：部门工作人员只能登记本部门负责项目的服务',
    );
    const onBehalf = await request(http)
      .post('/api/v1/children/child-a/deliveries')
      .set(HOUSING)
      .send({ itemCode: 'HZ-06', department: 'health', deliveredOn: '2025-06-11' })
      .expect(403);
    expect(onBehalf.body.message).toBe(
      '部门工作人员只能查看和登记本部门（住建局）负责的服务，不能查看或登记卫健委的服务',
    );
    await request(http).get('/api/v1/gaps?department=civil-affairs').set(HEALTH).expect(403);
    const healthGaps = await request(http).get('/api/v1/gaps').set(HEALTH).expect(200);
    expect(
      healthGaps.body.gaps
        .filter((g: { childId: string }) => g.childId === 'child-a')
        .map((g: { itemCode: string }) => g.itemCode)
        .sort(),
    ).toEqual(['HZ-06', 'HZ-18']);
    const served = await request(http)
      .post('/api/v1/children/child-a/deliveries')
      .set(HEALTH)
      .send({ itemCode: 'HZ-06', department: 'health', deliveredOn: '2025-06-11' })
      .expect(200);
    expect(served.body.entitlements.find((e: { itemCode: string }) => e.itemCode === 'HZ-06')).toMatchObject({
      servedOn: '2025-06-11',
      daysOpen: null,
    });

    // Gaps: the actor's counties only; a county outside them is refused, naming it.
    const outside = await request(http)
      .get('/api/v1/gaps/summary?countyCode=371702')
      .set(actor('civil-affairs-officer', '371721'))
      .expect(403);
    expect(outside.body).toMatchObject({
      code: 'permission-denied',
      message: '无权访问区县 371702 的数据：不在本人负责的区县范围内',
    });
    const elsewhere = await request(http)
      .get('/api/v1/gaps')
      .set(actor('civil-affairs-officer', '371721,371722'))
      .expect(200);
    expect(elsewhere.body.gaps).toEqual([]);
    const mine = await request(http).get('/api/v1/gaps/summary').set(OFFICER).expect(200);
    expect(mine.body.rows.length).toBeGreaterThan(0);
    expect(new Set(mine.body.rows.map((r: { countyCode: string }) => r.countyCode))).toEqual(
      new Set(['371702']),
    );

    // A child whose county the registry does not know gets the city list: the city's code covers it.
    await publisher.publish(
      topics.childRegistered,
      'child-u',
      registered(childFacts('child-u', 1, { residenceCountyCode: '' })),
    );
    await waitFor('grants for child-u', () => grantsOf('child-u').length >= 8);
    const cityOfficer = actor('civil-affairs-officer', '371700');
    const unknown = await request(http)
      .get('/api/v1/children/child-u/entitlements')
      .set(cityOfficer)
      .expect(200);
    expect(unknown.body).toMatchObject({ childId: 'child-u', countyCode: '' });
    const countyOnly = await request(http)
      .get('/api/v1/children/child-u/entitlements')
      .set(OFFICER)
      .expect(403);
    expect(countyOnly.body.message).toBe('无权访问区县 371700 的数据：不在本人负责的区县范围内');
    const cityGaps = await request(http).get('/api/v1/gaps?countyCode=371700').set(cityOfficer).expect(200);
    expect(new Set(cityGaps.body.gaps.map((g: { childId: string }) => g.childId))).toEqual(
      new Set(['child-u']),
    );
  });

  it('recomputes on the day a version takes effect and when a birthday crosses an age bound', async () => {
    const grantsBefore = grantsOf('child-a').length;
    clock.set('2026-09-15'); // county v2 is in force (371702-01 dropped) and child-a turns 7 (leaves 0-6岁 and 3-6岁)
    await app.get(RecomputeSweeper).trigger();
    await waitFor('three withdrawals for child-a', () => withdrawalsOf('child-a').length >= 3);
    await sleep(1000);
    expect(
      withdrawalsOf('child-a')
        .map((w) => [w.itemCode, w.reason])
        .sort(),
    ).toEqual([
      ['371702-01', 'list-changed'],
      ['HZ-01', 'age-changed'],
      ['HZ-02', 'age-changed'],
    ]);
    expect(grantsOf('child-a')).toHaveLength(grantsBefore);
  });
});
