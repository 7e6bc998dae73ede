// The education bureau's own records on the real broker and database, queried over a real gRPC
// socket: the school list from Excel (a bad file stores nothing), enrolments with the rules
// named, EnrolmentChanged published, a child's school and grade and the county counts answered.
import ExcelJS from 'exceljs';
import { firstValueFrom } from 'rxjs';
import { EducationEvents, RegistryEvents, education } from '@care/contracts';
import { createGrpcClient, type GrpcClient } from '@care/grpc';
import {
  childFacts,
  httpJson,
  startTestService,
  testActorHeaders,
  testActorMetadata,
  TestPublisher,
  TopicProbe,
  waitFor,
  type TestService,
} from '@care/service-kit/testing';
import { AppModule } from '../src/app.module';
import { loadEducationConfig, type EducationConfig } from '../src/config';

const COUNTY = '371702';
const OTHER_COUNTY = '371721';
const officerOf = (counties: string) =>
  testActorHeaders({ role: 'department-officer', department: 'DEPARTMENT_EDUCATION_SPORTS', counties });
const officer = officerOf(COUNTY);
const HEADERS = [
  '学校标识码',
  '学校名称',
  '所在县区代码',
  '学段',
  '办学性质',
  '幼儿园类型',
  '特殊教育学校',
  '接受政府购买学位',
];

async function workbook(rows: unknown[][], title = true): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('学校名单');
  if (title) sheet.addRow(['菏泽市牡丹区学校名单（2026年秋季）']);
  sheet.addRow(HEADERS);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(
  url: string,
  file: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.append('file', new Blob([file]), 'schools.xlsx');
  const response = await fetch(`${url}/api/v1/schools/import`, { method: 'POST', body: form, headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('education: school list, enrolments, gRPC (real Kafka, database and socket)', () => {
  let service: TestService<EducationConfig>;
  let publisher: TestPublisher;
  let probe: TopicProbe;
  let grpc: GrpcClient<education.EducationServiceClient>;

  beforeAll(async () => {
    service = await startTestService({
      name: 'education',
      load: loadEducationConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: ['education'],
      today: '2026-09-20',
    });
    publisher = await TestPublisher.open(service.config.KAFKA_BROKERS, service.topicSuffix, [
      RegistryEvents.childRegistered,
    ]);
    probe = await TopicProbe.open(
      service.config.KAFKA_BROKERS,
      [EducationEvents.enrolmentChanged],
      service.topicSuffix,
    );
    grpc = createGrpcClient<education.EducationServiceClient>('education', service.grpcAddress);
    await publisher.publish(RegistryEvents.childRegistered, 'edu-child-1', {
      facts: childFacts('edu-child-1', 1), // born 2019-09-15, lives in 371702
      hasIdNumber: true,
      registeredAt: '2026-08-01T08:00:00+08:00',
    });
  });

  afterAll(async () => {
    grpc?.close();
    await probe?.close();
    await publisher?.close();
    await service?.close();
  });

  it('refuses a school list with a bad row, naming row and column, and stores nothing', async () => {
    const file = await workbook([
      ['2137000001', '牡丹区第一实验小学', COUNTY, '小学', '公办', '', '否', '否'],
      ['2137000002', '牡丹区育才学校', COUNTY, '小学', '民营', '', '否', '是'], // 办学性质 unknown
      ['2137000001', '重复的学校', COUNTY, '小学', '公办', '', '否', '否'], // code twice
      ['2137000003', '外县学校', OTHER_COUNTY, '小学', '公办', '', '否', '否'], // not my county
    ]);
    const result = await upload(service.httpUrl, file, officer);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ accepted: false, created: 0 });
    const problems = result.body.problems as { rowNumber: number; field: string; message: string }[];
    expect(problems.map((p) => [p.rowNumber, p.field])).toEqual(
      expect.arrayContaining([
        [4, 'ownership'],
        [5, 'code'],
        [6, 'countyCode'],
      ]),
    );
    expect(problems.find((p) => p.rowNumber === 5)?.message).toContain('与第3行重复');
    const list = await httpJson<unknown[]>(service.httpUrl, 'GET', '/api/v1/schools', undefined, officer);
    expect(list.body).toEqual([]);
  });

  it('refuses a file that is no workbook or lacks a required column', async () => {
    const notXlsx = await upload(service.httpUrl, Buffer.from('学校标识码,学校名称\n'), officer);
    expect(notXlsx.status).toBe(400);
    expect(JSON.stringify(notXlsx.body)).toContain('Excel');
    const book = new ExcelJS.Workbook();
    book.addWorksheet('x').addRow(['学校标识码', '学校名称']);
    const missing = await upload(service.httpUrl, Buffer.from(await book.xlsx.writeBuffer()), officer);
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('所在县区代码');
  });

  it('imports a good list once; the same file again changes nothing', async () => {
    const file = await workbook([
      ['2137000001', '牡丹区第一实验小学', COUNTY, '小学', '公办', '', '否', '否'],
      ['2137000002', '牡丹区育才学校', COUNTY, '小学、初中', '民办', '', '否', '是'],
    ]);
    expect((await upload(service.httpUrl, file, officer)).body).toMatchObject({ accepted: true, created: 2 });
    expect((await upload(service.httpUrl, file, officer)).body).toMatchObject({
      accepted: true,
      created: 0,
      updated: 0,
      unchanged: 2,
    });
    const list = await httpJson<{ code: string }[]>(
      service.httpUrl,
      'GET',
      '/api/v1/schools',
      undefined,
      officer,
    );
    expect(list.body.map((s) => s.code)).toEqual(['2137000001', '2137000002']);
  });

  const enrolment = {
    childId: 'edu-child-1',
    schoolCode: '2137000002',
    grade: 'primary-1',
    placement: 'government-purchased-place',
    enrolledOn: '2026-09-01',
  };
  const enrol = (changes: Partial<typeof enrolment>) =>
    httpJson<{ current: { schoolName: string; gradeLabel: string }; history: { endReason: string }[] }>(
      service.httpUrl,
      'POST',
      '/api/v1/enrolments',
      { ...enrolment, ...changes },
      officer,
    );

  it('enrols a child with the rules named, publishes the change and answers over gRPC', async () => {
    // A six-year-old in 初三 at a primary school: refused, the field named.
    const tooOld = await waitFor('the child in the projection', async () => {
      const r = await enrol({
        schoolCode: '2137000001',
        grade: 'junior-secondary-3',
        placement: 'public-school',
      });
      return r.status === 404 ? undefined : r;
    });
    expect(tooOld.status).toBe(400);
    expect(JSON.stringify(tooOld.body)).toMatch(/学段|年级/);
    const unknownSchool = await enrol({ schoolCode: '2137009999' });
    expect(unknownSchool.status).toBe(400);
    expect(JSON.stringify(unknownSchool.body)).toContain('schoolCode');
    const purchasedAtPublic = await enrol({ schoolCode: '2137000001' });
    expect(purchasedAtPublic.status).toBe(400);
    expect(JSON.stringify(purchasedAtPublic.body)).toContain('placement');

    const ok = await enrol({});
    expect(ok.status).toBe(200);
    expect(ok.body.current).toMatchObject({ schoolName: '牡丹区育才学校', gradeLabel: '一年级' });
    // The same enrolment twice is one change: the next event below is revision 2.
    expect((await enrol({})).status).toBe(200);
    const events = await probe.waitFor(EducationEvents.enrolmentChanged, 1, (key) => key === 'edu-child-1');
    expect(events[0].message).toMatchObject({
      childId: 'edu-child-1',
      schoolCode: '2137000002',
      placement: education.Placement.PLACEMENT_GOVERNMENT_PURCHASED,
      ended: false,
      revision: 1,
    });

    const metadata = testActorMetadata({
      role: 'department-officer',
      department: 'DEPARTMENT_EDUCATION_SPORTS',
      counties: COUNTY,
    });
    const schooling = await firstValueFrom(grpc.getChildSchooling({ childId: 'edu-child-1' }, metadata));
    expect(schooling).toMatchObject({
      enrolled: true,
      schooling: { schoolName: '牡丹区育才学校', grade: '一年级', schoolYear: '2026-2027' },
    });
    const none = await firstValueFrom(grpc.getChildSchooling({ childId: 'nobody' }, metadata));
    expect(none.enrolled).toBe(false);
    // A ledger page at once: the enrolled children only, with the record's revision.
    const batch = await firstValueFrom(
      grpc.batchGetChildSchooling({ childIds: ['edu-child-1', 'nobody', 'edu-child-1'] }, metadata),
    );
    expect(batch.schoolings).toEqual([
      expect.objectContaining({
        childId: 'edu-child-1',
        schoolName: '牡丹区育才学校',
        grade: '一年级',
        revision: 1,
      }),
    ]);
    await expect(
      firstValueFrom(
        grpc.batchGetChildSchooling({ childIds: Array.from({ length: 501 }, (_, i) => `c-${i}`) }, metadata),
      ),
    ).rejects.toMatchObject({ code: 3 }); // INVALID_ARGUMENT: at most 500
    const counts = await firstValueFrom(grpc.countEnrolments({ countyCode: COUNTY }, metadata));
    expect(counts.counts).toEqual([
      { countyCode: COUNTY, stage: 3, children: '1', governmentPurchased: '1' },
    ]);
    // Another county's officer sees nothing of this county.
    const other = await httpJson(
      service.httpUrl,
      'GET',
      '/api/v1/children/edu-child-1/schooling',
      undefined,
      officerOf(OTHER_COUNTY),
    );
    expect(other.status).toBe(403);

    const promoted = await enrol({ grade: 'primary-2', enrolledOn: '2026-09-10' });
    expect(promoted.body.history).toEqual([expect.objectContaining({ endReason: 'grade-changed' })]);

    const ended = await httpJson<{ current: unknown; history: unknown[] }>(
      service.httpUrl,
      'POST',
      '/api/v1/children/edu-child-1/enrolment/end',
      { endedOn: '2026-09-19', reason: 'moved-out' },
      officer,
    );
    expect(ended.body).toMatchObject({
      current: null,
      history: [
        expect.objectContaining({ endReason: 'grade-changed' }),
        expect.objectContaining({ endReason: 'moved-out' }),
      ],
    });
    const all = await probe.waitFor(EducationEvents.enrolmentChanged, 3, (key) => key === 'edu-child-1');
    expect(all.map((e) => [e.message.revision, e.message.ended, e.message.grade])).toEqual([
      [1, false, '一年级'],
      [2, false, '二年级'],
      [3, true, '二年级'],
    ]);
  });
});
