// The registry's Attachment 1 import warns when a row's 就读学校/年级 differs from the enrolment
// the education bureau records for the child (asked over a real gRPC socket, one batch per
// chunk): the row is stored as typed, the report says what education knows. A row that agrees
// with education, and a child education has no enrolment of, are not warned.
import ExcelJS from 'exceljs';
import { SCHOOL_COLUMNS } from '@care/education-rules';
import { makeIdNumber } from '@care/identity';
import { LEDGER_COLUMNS } from '@care/synthetic';
import { DEPARTMENT_CHILDREN_COLLECTION } from '@care/department-kit';
import {
  httpJson,
  startTestService,
  testActorHeaders,
  waitFor,
  type TestService,
} from '@care/service-kit/testing';
import { AppModule as EducationModule } from '../../../apps/education/src/app.module';
import { loadEducationConfig, type EducationConfig } from '../../../apps/education/src/config';
import { startRegistry, type RegistryTestApp } from '../../../apps/registry/test/app-factory';
import { buildLedgerWorkbook } from '../../../apps/registry/test/ledger-workbook';

const TODAY = '2026-09-20';
const COUNTY = '371702';
const SCHOOL = '2137000021';
const admin = testActorHeaders({ role: 'civil-affairs-admin', counties: COUNTY });
const teacher = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_EDUCATION_SPORTS',
  counties: COUNTY,
});

type Row = Record<(typeof LEDGER_COLUMNS)[number], string>;
function row(serial: number, name: string, idNumber: string, schoolGrade: string): string[] {
  const r: Row = {
    序号: String(serial),
    儿童姓名: name,
    性别: '女',
    年龄: '10',
    身份证号: idNumber,
    户籍地址: '山东省菏泽市曹县仵楼镇王园村南京路84号',
    现居住地: '菏泽市牡丹区牡丹街道春晖社区解放路58号',
    重点关爱服务对象困境类型: '',
    '就读学校/年级': schoolGrade,
    监护人姓名: '王东杰',
    与监护人关系: '父亲',
    监护人联系方式: '15529265472',
    基本情况概述: '',
    关爱服务活动: '',
    备注: '',
  };
  return LEDGER_COLUMNS.map((c) => r[c]);
}

interface Job {
  status: string;
  stored: number;
  failed: number;
  warned: number;
  issues?: { rowNumber: number; level: string; column: string; reason: string }[];
}

describe('registry import: 就读学校/年级 checked against education (real gRPC, Kafka and database)', () => {
  let education: TestService<EducationConfig>;
  let registry: RegistryTestApp;
  const ids = [
    makeIdNumber('371721', '2016-03-10', 680),
    makeIdNumber('371721', '2016-04-11', 682),
    makeIdNumber('371721', '2016-05-12', 684),
  ];

  async function importFile(rows: string[][]): Promise<Job> {
    const form = new FormData();
    form.append('countyCode', COUNTY);
    form.append('file', new Blob([await buildLedgerWorkbook(rows)]), 'ledger.xlsx');
    const started = await fetch(`${registry.httpUrl}/api/v1/imports`, {
      method: 'POST',
      body: form,
      headers: admin,
    });
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    return waitFor('the import finished', async () => {
      const job = await httpJson<Job>(registry.httpUrl, 'GET', `/api/v1/imports/${jobId}`, undefined, admin);
      return job.body.status === 'queued' || job.body.status === 'running' ? undefined : job.body;
    });
  }

  beforeAll(async () => {
    education = await startTestService({
      name: 'education',
      load: loadEducationConfig,
      module: (config, clock) => EducationModule.forRoot(config, { clock }),
      grpcPackages: ['education'],
      today: TODAY,
    });
    registry = await startRegistry({
      name: 'import_schooling',
      today: TODAY,
      topicSuffix: education.topicSuffix,
      env: { EDUCATION_GRPC_ADDRESS: education.grpcAddress },
    });
  });

  afterAll(async () => {
    await registry?.close();
    await education?.close();
  });

  it('warns on a school the bureau records otherwise, stores the row as typed, and stays quiet otherwise', async () => {
    const rows = [
      row(1, '王小丽', ids[0], '牡丹区第一实验小学/四年级'), // education: another school
      row(2, '王小芳', ids[1], '牡丹区东城小学/五年级'), // education: the same, typed with spaces below
      row(3, '王小红', ids[2], '牡丹区东城小学/五年级'), // education: no enrolment
    ];
    const first = await importFile(rows);
    expect(first).toMatchObject({ status: 'succeeded', stored: 3, failed: 0, warned: 0 });

    const childIdOf = async (idNumber: string) =>
      (
        await httpJson<{ childId: string }>(
          registry.httpUrl,
          'POST',
          '/api/v1/children/search',
          { idNumber },
          admin,
        )
      ).body.childId;
    const [a, b] = [await childIdOf(ids[0]), await childIdOf(ids[1])];
    expect([a, b]).toEqual([expect.any(String), expect.any(String)]);

    const book = new ExcelJS.Workbook();
    book.addWorksheet('学校名单').addRow(SCHOOL_COLUMNS.map((c) => c.header));
    book.worksheets[0]!.addRow([SCHOOL, '牡丹区东城小学', COUNTY, '小学', '公办', '', '否', '否']);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(await book.xlsx.writeBuffer())]), 'schools.xlsx');
    const schools = await fetch(`${education.httpUrl}/api/v1/schools/import`, {
      method: 'POST',
      body: form,
      headers: teacher,
    });
    expect(await schools.json()).toMatchObject({ accepted: true });
    await waitFor('education knows the children', async () => {
      const n = await education.db
        .collection(DEPARTMENT_CHILDREN_COLLECTION)
        .countDocuments({ _id: { $in: [a, b] } } as never);
      return n === 2 ? true : undefined;
    });
    for (const childId of [a, b]) {
      const enrolled = await httpJson(
        education.httpUrl,
        'POST',
        '/api/v1/enrolments',
        {
          childId,
          schoolCode: SCHOOL,
          grade: 'primary-5',
          placement: 'public-school',
          enrolledOn: '2026-09-01',
        },
        teacher,
      );
      expect(enrolled.status).toBe(200);
    }

    rows[1] = row(2, '王小芳', ids[1], '牡丹区东城小学 / 五年级');
    const again = await importFile(rows);
    expect(again).toMatchObject({ status: 'succeeded', warned: 1 });
    const warnings = (again.issues ?? []).filter((i) => i.column === '就读学校/年级');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 'warning' });
    expect(warnings[0]!.reason).toContain('学籍为"牡丹区东城小学/五年级"');
    expect(warnings[0]!.reason).not.toContain('王小丽');
  });
});
