// A school's roster (学籍名单) imported into education: the ID numbers are matched to children by
// the real registry over a real gRPC socket (blind index there, audited, no personal field
// back), each row becomes an enrolment. A bad file stores nothing and names every problem by
// row, column and rule; the same file twice changes nothing; a child of another county, an
// unregistered child, a grade the school does not teach and a malformed workbook are refused.
import ExcelJS from 'exceljs';
import { EducationEvents } from '@care/contracts';
import { DEPARTMENT_CHILDREN_COLLECTION } from '@care/department-kit';
import { ROSTER_COLUMNS, SCHOOL_COLUMNS } from '@care/education-rules';
import { makeIdNumber } from '@care/identity';
import {
  httpJson,
  startTestService,
  testActorHeaders,
  TopicProbe,
  waitFor,
  type TestService,
} from '@care/service-kit/testing';
import { AppModule as EducationModule } from '../../../apps/education/src/app.module';
import { loadEducationConfig, type EducationConfig } from '../../../apps/education/src/config';
import { startRegistry, type RegistryTestApp } from '../../../apps/registry/test/app-factory';
import { registrationBody } from '../../../apps/registry/test/fixtures';

const COUNTY = '371702';
const OTHER_COUNTY = '371721';
const SCHOOL = '2137000011';
const OTHER_SCHOOL = '2137000012'; // in 曹县
const teacher = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_EDUCATION_SPORTS',
  counties: COUNTY,
});
const cityBureau = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_EDUCATION_SPORTS',
  counties: `${COUNTY},${OTHER_COUNTY}`,
});
const registrar = testActorHeaders({ role: 'civil-affairs-officer', counties: `${COUNTY},${OTHER_COUNTY}` });
const auditor = testActorHeaders({ role: 'auditor', counties: `${COUNTY},${OTHER_COUNTY}` });

interface RosterResult {
  accepted: boolean;
  rows: number;
  enrolled: number;
  unchanged: number;
  problems: { rowNumber: number; field: string; rule: string; message: string }[];
  warnings: { rowNumber: number; field: string; rule: string }[];
}

async function workbook(sheetName: string, header: readonly string[], rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  sheet.addRow([...header]);
  for (const row of rows) sheet.addRow(row);
  // ID numbers as text, as the template asks (a number cell loses the last digits).
  sheet.getColumn(1).numFmt = '@';
  return Buffer.from(await book.xlsx.writeBuffer());
}

const rosterFile = (rows: unknown[][]) =>
  workbook(
    '学籍名单',
    ROSTER_COLUMNS.map((c) => c.header),
    rows,
  );

async function upload(
  url: string,
  file: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; body: unknown; bytes?: Buffer }> {
  const form = new FormData();
  form.append('file', new Blob([file]), 'roster.xlsx');
  const response = await fetch(url, { method: 'POST', body: form, headers });
  if ((response.headers.get('content-type') ?? '').includes('spreadsheetml'))
    return { status: response.status, body: undefined, bytes: Buffer.from(await response.arrayBuffer()) };
  return { status: response.status, body: await response.json() };
}

describe('education roster import matched by the registry (real gRPC, Kafka and database)', () => {
  let registry: RegistryTestApp;
  let education: TestService<EducationConfig>;
  let probe: TopicProbe;
  const ids = {
    pupilA: makeIdNumber('371702', '2018-03-10', 11),
    pupilB: makeIdNumber('371702', '2018-07-21', 12),
    elsewhere: makeIdNumber('371721', '2018-05-02', 13),
    unregistered: makeIdNumber('371702', '2018-01-15', 14),
  };
  const childIds: Record<string, string> = {};
  const rosterUrl = (code: string, path = '') => `${education.httpUrl}/api/v1/schools/${code}/roster${path}`;

  beforeAll(async () => {
    registry = await startRegistry({ name: 'roster', today: '2026-09-20' });
    education = await startTestService({
      name: 'education',
      load: loadEducationConfig,
      module: (config, clock) => EducationModule.forRoot(config, { clock }),
      grpcPackages: ['education'],
      today: '2026-09-20',
      topicSuffix: registry.topicSuffix,
      env: { REGISTRY_GRPC_ADDRESS: registry.grpcAddress },
    });
    probe = await TopicProbe.open(
      education.config.KAFKA_BROKERS,
      [EducationEvents.enrolmentChanged],
      registry.topicSuffix,
    );
    const register = async (key: string, idNumber: string, township: string, seq: number) => {
      const r = await httpJson<{ childId: string }>(
        registry.httpUrl,
        'POST',
        '/api/v1/children',
        registrationBody(
          {
            idNumber,
            residence: { divisionCode: township, movedInOn: '2024-09-01', address: '某街道某号' },
          },
          seq,
        ),
        registrar,
      );
      expect(r.status).toBe(201);
      childIds[key] = r.body.childId;
    };
    await register('pupilA', ids.pupilA, '371702001', 11);
    await register('pupilB', ids.pupilB, '371702001', 12);
    await register('elsewhere', ids.elsewhere, '371721002', 13);

    const schools = await workbook(
      '学校名单',
      SCHOOL_COLUMNS.map((c) => c.header),
      [
        [SCHOOL, '牡丹区东城小学', COUNTY, '小学', '公办', '', '否', '否'],
        [OTHER_SCHOOL, '曹县曹城小学', OTHER_COUNTY, '小学', '公办', '', '否', '否'],
      ],
    );
    const imported = await upload(`${education.httpUrl}/api/v1/schools/import`, schools, cityBureau);
    expect(imported.body).toMatchObject({ accepted: true, created: 2 });
    // Education learns the children from the registry's ChildRegistered events.
    await waitFor('education knows the registered children', async () => {
      const known = await education.db
        .collection(DEPARTMENT_CHILDREN_COLLECTION)
        .countDocuments({ _id: { $in: [childIds.pupilA, childIds.pupilB] } } as never);
      return known === 2 ? true : undefined;
    });
  });

  afterAll(async () => {
    await probe?.close();
    await education?.close();
    await registry?.close();
  });

  it('refuses a bad roster whole: every problem by row, column and rule, nothing stored', async () => {
    const badCheck = `${ids.pupilB.slice(0, 17)}${ids.pupilB.endsWith('0') ? '1' : '0'}`;
    const file = await rosterFile([
      [ids.pupilA, '王小明', '三年级', '2026-09-01', '公办学位'], // 2: good
      [ids.pupilB, '李小红', '高三', '2026-09-01', '公办学位'], // 3: not a grade of a primary school
      [badCheck, '李小红', '二年级', '2026-09-01', '公办学位'], // 4: check character
      [ids.unregistered, '赵小刚', '二年级', '2026-09-01', '公办学位'], // 5: not registered
      [ids.elsewhere, '钱小芳', '二年级', '2026-09-01', '公办学位'], // 6: registered in 曹县
      [ids.pupilA, '王小明', '三年级', '2026-09-01', '公办学位'], // 7: twice in the file
      [ids.pupilB, '李小红', '二年级', '2026-09-01', '自费'], // 8: a self-paid place at a public school
    ]);
    const r = await upload(rosterUrl(SCHOOL), file, teacher);
    expect(r.status).toBe(200);
    const result = r.body as RosterResult;
    expect(result).toMatchObject({ accepted: false, rows: 7, enrolled: 0 });
    const byRow = (n: number) => result.problems.filter((p) => p.rowNumber === n).map((p) => p.rule);
    expect(byRow(2)).toEqual([]);
    expect(result.problems.find((p) => p.rowNumber === 3)).toMatchObject({ field: 'grade' });
    expect(result.problems.find((p) => p.rowNumber === 4)).toMatchObject({ field: 'idNumber' });
    expect(byRow(5)).toEqual(['registered-child']);
    expect(byRow(6)).toEqual(['county-scope']);
    expect(byRow(7)).toEqual(['unique-in-file']);
    expect(result.problems.find((p) => p.rowNumber === 8)).toMatchObject({ field: 'placement' });
    for (const p of result.problems) {
      expect(p.message).toMatch(new RegExp(`^第${p.rowNumber}行 `));
      // Never the ID number or the name in a message.
      for (const secret of [...Object.values(ids), '王小明', '李小红', '赵小刚', '钱小芳'])
        expect(p.message).not.toContain(secret);
    }
    const schooling = await httpJson<unknown>(
      education.httpUrl,
      'GET',
      `/api/v1/children/${childIds.pupilA}/schooling`,
      undefined,
      teacher,
    );
    expect(schooling.status).toBe(404);

    const report = await upload(rosterUrl(SCHOOL, '/problem-report'), file, teacher);
    expect(report.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(report.bytes as never);
    const sheet = book.worksheets[0]!;
    const reportedRows = new Set<number>();
    for (let n = 2; n <= sheet.actualRowCount; n++)
      reportedRows.add(Number(sheet.getRow(n).getCell(1).value));
    expect([...reportedRows].sort()).toEqual([3, 4, 5, 6, 7, 8]);
    const cells = JSON.stringify(sheet.getSheetValues());
    for (const secret of Object.values(ids)) expect(cells).not.toContain(secret);

    // The registry audited each match (the import, then the report), once per county matched.
    const audit = await httpJson<{ entries: { action: string; countyCode: string; recordCount?: number }[] }>(
      registry.httpUrl,
      'GET',
      '/api/v1/audit?action=match',
      undefined,
      auditor,
    );
    expect(audit.status).toBe(200);
    expect(audit.body.entries.map((e) => [e.countyCode, e.recordCount]).sort()).toEqual([
      [COUNTY, 2], // rows 2 and 8 (row 3 fails its cells, row 7 repeats row 2)
      [COUNTY, 2],
      [OTHER_COUNTY, 1],
      [OTHER_COUNTY, 1],
    ]);
  });

  it('stores a clean roster as enrolments, and the same file again changes nothing', async () => {
    const file = await rosterFile([
      [ids.pupilA, '王小明', '三年级', '2026-09-01', '公办学位'],
      [ids.pupilB, '李小红', '二年级', '2026-09-01', '公办学位'],
    ]);
    const first = await upload(rosterUrl(SCHOOL), file, teacher);
    expect(first.body).toMatchObject({ accepted: true, rows: 2, enrolled: 2, unchanged: 0, problems: [] });
    const schooling = await httpJson<{ current: { schoolCode: string; grade: string; placement: string } }>(
      education.httpUrl,
      'GET',
      `/api/v1/children/${childIds.pupilB}/schooling`,
      undefined,
      teacher,
    );
    expect(schooling.body.current).toMatchObject({
      schoolCode: SCHOOL,
      grade: 'primary-2',
      placement: 'public-school',
    });
    const ours = (key: string) => key === childIds.pupilA || key === childIds.pupilB;
    await probe.waitFor(EducationEvents.enrolmentChanged, 2, ours);

    const again = await upload(rosterUrl(SCHOOL), file, teacher);
    expect(again.body).toMatchObject({ accepted: true, enrolled: 0, unchanged: 2 });
    expect(await probe.settle(EducationEvents.enrolmentChanged, ours)).toHaveLength(2);
  });

  it('refuses an unknown school, a school of another county and a file that is not a workbook', async () => {
    const file = await rosterFile([[ids.pupilA, '王小明', '三年级', '2026-09-01', '公办学位']]);
    expect((await upload(rosterUrl('2137999999'), file, teacher)).status).toBe(404);
    expect((await upload(rosterUrl(OTHER_SCHOOL), file, teacher)).status).toBe(403);
    const garbage = await upload(rosterUrl(SCHOOL), Buffer.from('not a workbook'), teacher);
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatchObject({ field: 'file' });
    const missing = await fetch(rosterUrl(SCHOOL), { method: 'POST', headers: teacher });
    expect(missing.status).toBe(400);
  });

  it('says the registry is unavailable, and stores nothing, when it cannot be reached', async () => {
    const cut = await startTestService({
      name: 'education',
      load: loadEducationConfig,
      module: (config, clock) => EducationModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-09-20',
      env: { REGISTRY_GRPC_ADDRESS: '127.0.0.1:1', REGISTRY_GRPC_DEADLINE_MS: '1000' },
    });
    try {
      const schools = await workbook(
        '学校名单',
        SCHOOL_COLUMNS.map((c) => c.header),
        [[SCHOOL, '牡丹区东城小学', COUNTY, '小学', '公办', '', '否', '否']],
      );
      await upload(`${cut.httpUrl}/api/v1/schools/import`, schools, teacher);
      const file = await rosterFile([[ids.pupilA, '王小明', '三年级', '2026-09-01', '公办学位']]);
      const r = await upload(`${cut.httpUrl}/api/v1/schools/${SCHOOL}/roster`, file, teacher);
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ message: '登记服务暂时不可用，请稍后重试' });
    } finally {
      await cut.close();
    }
  });
});
