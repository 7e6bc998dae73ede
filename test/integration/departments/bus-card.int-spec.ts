// 学生公交卡 across two real services: housing-transport asks education over a real gRPC socket
// for the child's school (never retyped), issues the card to the school year's end, revokes it
// when education publishes that the child left, and tells the officer plainly, within the
// deadline, when education is down or does not answer.
import { createServer, type Server, type Socket } from 'node:net';
import ExcelJS from 'exceljs';
import { SCHOOL_COLUMNS } from '@care/education-rules';
import { EducationEvents, RegistryEvents, common, education as edu } from '@care/contracts';
import {
  childFacts,
  freePort,
  httpJson,
  startTestService,
  testActorHeaders,
  TestPublisher,
  waitFor,
  type TestService,
} from '@care/service-kit/testing';
import { AppModule as EducationModule } from '../../../apps/education/src/app.module';
import { loadEducationConfig, type EducationConfig } from '../../../apps/education/src/config';
import { AppModule as HousingTransportModule } from '../../../apps/housing-transport/src/app.module';
import {
  loadHousingTransportConfig,
  type HousingTransportConfig,
} from '../../../apps/housing-transport/src/config';

const COUNTY = '371702';
const SCHOOL = '2137000001';
const teacher = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_EDUCATION_SPORTS',
  counties: COUNTY,
});
const transport = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_TRANSPORT',
  counties: COUNTY,
});

interface Card {
  cardNumber: string;
  schoolCode: string;
  schoolName: string;
  grade: string;
  schoolYear: string;
  validFrom: string;
  validUntil: string;
  status: string;
  revokedReason: string | null;
  revokedAt: string | null;
}

async function schoolList(): Promise<Blob> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('学校名单');
  sheet.addRow(SCHOOL_COLUMNS.map((c) => c.header)); // the import's own columns: not what this test is about
  sheet.addRow([SCHOOL, '牡丹区第一实验小学', COUNTY, '小学', '公办', '', '否', '否']);
  return new Blob([Buffer.from(await book.xlsx.writeBuffer())]);
}

/** On education's topics; `groups` tells a second instance's consumer groups apart (each reads all). */
function startHousingTransport(
  suffix: string,
  educationAddress: string,
  groups = 'housing-transport',
): Promise<TestService<HousingTransportConfig>> {
  return startTestService({
    name: 'housing-transport',
    load: loadHousingTransportConfig,
    module: (config, clock) => HousingTransportModule.forRoot(config, { clock }),
    grpcPackages: [],
    today: '2026-09-20',
    topicSuffix: suffix,
    env: {
      EDUCATION_GRPC_ADDRESS: educationAddress,
      EDUCATION_GRPC_DEADLINE_MS: '1500',
      FACTS_CONSUMER_GROUP: `${groups}.registry-facts`,
      ENTITLEMENTS_CONSUMER_GROUP: `${groups}.entitlements`,
      SCHOOLING_CONSUMER_GROUP: `${groups}.schooling`,
    },
  });
}

describe('student bus card: housing-transport <- education over gRPC (real Kafka, database, sockets)', () => {
  let education: TestService<EducationConfig>;
  let housing: TestService<HousingTransportConfig>;
  let publisher: TestPublisher;

  beforeAll(async () => {
    education = await startTestService({
      name: 'education',
      load: loadEducationConfig,
      module: (config, clock) => EducationModule.forRoot(config, { clock }),
      grpcPackages: ['education'],
      today: '2026-09-20',
    });
    housing = await startHousingTransport(education.topicSuffix, education.grpcAddress);
    publisher = await TestPublisher.open(education.config.KAFKA_BROKERS, education.topicSuffix, [
      RegistryEvents.childRegistered,
      RegistryEvents.childMovedOut,
      EducationEvents.enrolmentChanged,
    ]);
    for (const childId of ['bus-child-1', 'bus-child-2', 'bus-child-3'])
      await publisher.publish(RegistryEvents.childRegistered, childId, {
        facts: childFacts(childId, 1, { birthDate: '2019-03-15' }),
        hasIdNumber: true,
        registeredAt: '2026-08-01T08:00:00+08:00',
      });
    const form = new FormData();
    form.append('file', await schoolList(), 'schools.xlsx');
    const imported = await fetch(`${education.httpUrl}/api/v1/schools/import`, {
      method: 'POST',
      body: form,
      headers: teacher,
    });
    expect(await imported.json()).toMatchObject({ accepted: true, created: 1 });
    for (const childId of ['bus-child-1', 'bus-child-3']) {
      await waitFor(`${childId} enrolled`, async () => {
        const r = await httpJson(
          education.httpUrl,
          'POST',
          '/api/v1/enrolments',
          {
            childId,
            schoolCode: SCHOOL,
            grade: 'primary-2',
            placement: 'public-school',
            enrolledOn: '2026-09-01',
          },
          teacher,
        );
        return r.status === 200 || r.status === 201 ? r : undefined;
      });
    }
    // Both services know the children (each projects the registry's facts).
    await waitFor('the children in housing-transport', async () => {
      const r = await httpJson(
        housing.httpUrl,
        'POST',
        '/api/v1/bus-cards',
        { childId: 'bus-child-3' },
        transport,
      );
      return r.status === 404 ? undefined : r;
    });
  });

  afterAll(async () => {
    await publisher?.close();
    await housing?.close();
    await education?.close();
  });

  const issue = (childId: string, headers = transport) =>
    httpJson<Card & { message?: string; rule?: string }>(
      housing.httpUrl,
      'POST',
      '/api/v1/bus-cards',
      { childId },
      headers,
    );

  it('issues the card with the school education records, to the school year end; again gives the same card', async () => {
    const first = await issue('bus-child-1');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      schoolCode: SCHOOL,
      schoolName: '牡丹区第一实验小学',
      grade: '二年级',
      schoolYear: '2026-2027',
      validFrom: '2026-09-20',
      validUntil: '2027-08-31',
      status: 'active',
    });
    expect(first.body.cardNumber).toMatch(/^37170226\d{8}$/);
    const again = await issue('bus-child-1');
    expect(again.status).toBe(200);
    expect(again.body.cardNumber).toBe(first.body.cardNumber);
    const cards = await httpJson<Card[]>(
      housing.httpUrl,
      'GET',
      '/api/v1/bus-cards/children/bus-child-1',
      undefined,
      transport,
    );
    expect(cards.body).toHaveLength(1);
  });

  it('refuses a child education has no enrolment of, an unknown child, a housing officer and another county, storing nothing', async () => {
    const notEnrolled = await issue('bus-child-2');
    expect(notEnrolled.status).toBe(409);
    expect(JSON.stringify(notEnrolled.body)).toContain('须在读');
    expect((await issue('nobody')).status).toBe(404);
    const housingOfficer = testActorHeaders({
      role: 'department-officer',
      department: 'DEPARTMENT_HOUSING',
      counties: COUNTY,
    });
    expect((await issue('bus-child-1', housingOfficer)).status).toBe(403);
    const elsewhere = testActorHeaders({
      role: 'department-officer',
      department: 'DEPARTMENT_TRANSPORT',
      counties: '371721',
    });
    expect((await issue('bus-child-1', elsewhere)).status).toBe(403);
    expect((await issue('', transport)).status).toBe(400);
    const page = await httpJson<{ total: number }>(
      housing.httpUrl,
      'GET',
      '/api/v1/bus-cards',
      undefined,
      transport,
    );
    expect(page.body.total).toBe(1 + 1); // bus-child-1, and bus-child-3 issued while waiting in beforeAll
  });

  it('revokes the card when education publishes that the child left school; a replay changes nothing', async () => {
    // A replay of an old change (the revision the card was issued from), ahead of the real one
    // on the child's partition: it must not revoke, so the revocation is the real event's.
    await publisher.publish(EducationEvents.enrolmentChanged, 'bus-child-3', {
      childId: 'bus-child-3',
      countyCode: COUNTY,
      schoolCode: SCHOOL,
      stage: common.EducationStage.EDUCATION_STAGE_PRIMARY,
      grade: 'primary-2',
      placement: edu.Placement.PLACEMENT_PUBLIC_SCHOOL,
      ended: true,
      changedAt: '2026-09-01T01:00:00.000Z',
      revision: 1,
    });
    const left = await httpJson(
      education.httpUrl,
      'POST',
      '/api/v1/children/bus-child-3/enrolment/end',
      {
        endedOn: '2026-09-20',
        reason: 'transferred-out',
      },
      teacher,
    );
    expect(left.status).toBe(200);
    const revoked = await waitFor('the card revoked', async () => {
      const r = await httpJson<Card[]>(
        housing.httpUrl,
        'GET',
        '/api/v1/bus-cards/children/bus-child-3',
        undefined,
        transport,
      );
      return r.body[0]?.status === 'revoked' ? r.body[0] : undefined;
    });
    expect(revoked.revokedReason).toBe('left-school');
    expect(revoked.revokedAt).not.toBe('2026-09-01T01:00:00.000Z');
    const reissue = await issue('bus-child-3');
    expect(reissue.status).toBe(409); // no enrolment now
    const card1 = await httpJson<Card[]>(
      housing.httpUrl,
      'GET',
      '/api/v1/bus-cards/children/bus-child-1',
      undefined,
      transport,
    );
    expect(card1.body[0].status).toBe('active'); // another child's card untouched
  });

  it('answers 503 naming education, within the deadline, when education is down or does not answer', async () => {
    const accepted = new Set<Socket>();
    const silent: Server = createServer((socket) => accepted.add(socket)); // accepts, never speaks HTTP/2
    const silentPort = await freePort();
    await new Promise<void>((resolve) => silent.listen(silentPort, '127.0.0.1', resolve));
    const deadPort = await freePort(); // nothing listens
    for (const address of [`127.0.0.1:${silentPort}`, `127.0.0.1:${deadPort}`]) {
      const cut = await startHousingTransport(education.topicSuffix, address, `cut-${address.slice(-5)}`);
      try {
        await waitFor('the child in the second instance', async () =>
          (await cut.db.collection('department_children').countDocuments({ _id: 'bus-child-1' } as never)) ===
          1
            ? true
            : undefined,
        );
        const started = Date.now();
        const response = await httpJson<{ message: string }>(
          cut.httpUrl,
          'POST',
          '/api/v1/bus-cards',
          { childId: 'bus-child-1' },
          transport,
        );
        const tookMs = Date.now() - started;
        expect(response.status).toBe(503);
        expect(response.body.message).toBe('教育服务暂时不可用，请稍后重试');
        // The deadline (1500 ms) with one retry on UNAVAILABLE bounds the wait; never the HTTP timeout.
        expect(tookMs).toBeLessThan(20_000);
        expect(await cut.db.collection('bus_cards').countDocuments()).toBe(0);
      } finally {
        await cut.close();
      }
    }
    for (const socket of accepted) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('revokes the card when the registry says the child moved out: education ends the enrolment, its event revokes', async () => {
    const before = await httpJson<Card[]>(
      housing.httpUrl,
      'GET',
      '/api/v1/bus-cards/children/bus-child-1',
      undefined,
      transport,
    );
    expect(before.body[0].status).toBe('active');
    await publisher.publish(RegistryEvents.childMovedOut, 'bus-child-1', {
      facts: childFacts('bus-child-1', 2, { birthDate: '2019-03-15', movedOut: true }),
      movedOutOn: '2026-09-20',
      toDivisionCode: '410102',
    });
    const schooling = await waitFor('the enrolment ended in education', async () => {
      const r = await httpJson<{ current: unknown; history: { endReason: string; endedOn: string }[] }>(
        education.httpUrl,
        'GET',
        '/api/v1/children/bus-child-1/schooling',
        undefined,
        teacher,
      );
      return r.body.current === null ? r.body : undefined;
    });
    expect(schooling.history.at(-1)).toMatchObject({ endReason: 'moved-out', endedOn: '2026-09-20' });
    const revoked = await waitFor('the card revoked', async () => {
      const r = await httpJson<Card[]>(
        housing.httpUrl,
        'GET',
        '/api/v1/bus-cards/children/bus-child-1',
        undefined,
        transport,
      );
      return r.body[0]?.status === 'revoked' ? r.body[0] : undefined;
    });
    expect(revoked.revokedReason).toBe('left-school');
  });
});
