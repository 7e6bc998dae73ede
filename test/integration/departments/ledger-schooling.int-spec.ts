// The registry's key-care ledger export fills 就读学校/年级 from education's enrolments over a
// real gRPC socket (one batch call per page), not from what was typed when the entry was made;
// a child education has no enrolment of keeps the typed value.
import ExcelJS from 'exceljs';
import { SCHOOL_COLUMNS } from '@care/education-rules';
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
import { http, registerChild } from '../../../apps/registry/test/key-care/ledger-app';

const COUNTY = '371702';
const TOWNSHIP = '371702001';
const SCHOOL = '2137000001';
const teacher = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_EDUCATION_SPORTS',
  counties: COUNTY,
});

describe('ledger 就读学校/年级 from education (registry -> education over gRPC, real Kafka and database)', () => {
  let education: TestService<EducationConfig>;
  let registry: RegistryTestApp;

  beforeAll(async () => {
    education = await startTestService({
      name: 'education',
      load: loadEducationConfig,
      module: (config, clock) => EducationModule.forRoot(config, { clock }),
      grpcPackages: ['education'],
      today: '2026-09-20',
    });
    registry = await startRegistry({
      name: 'ledger_schooling',
      today: '2026-09-20',
      topicSuffix: education.topicSuffix,
      env: { EDUCATION_GRPC_ADDRESS: education.grpcAddress },
    });
  });

  afterAll(async () => {
    await registry?.close();
    await education?.close();
  });

  it("shows education's current school for an enrolled child and the typed one otherwise", async () => {
    const children: { childId: string; school: string }[] = [];
    for (const [name, school] of [
      ['王小明', '东城小学'],
      ['赵小红', '西城小学'],
    ]) {
      const child = await registerChild(registry, {
        name,
        birthDate: '2015-05-20',
        hukouDivisionCode: '410102',
        residenceDivisionCode: TOWNSHIP,
        movedInOn: '2025-06-01',
        difficultyTypes: ['family-hardship'],
      });
      const opened = await http(registry, 'POST', '/api/v1/key-care/entries', {
        countyCode: COUNTY,
        childId: child.childId,
        difficultyTypes: ['family-hardship'],
        situationSummary: '随父母租住',
        careActivities: [],
        school,
        grade: '四年级',
        visitWorkerId: 'director-1',
      });
      expect(opened.status).toBe(201);
      children.push({ childId: child.childId, school });
    }

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('学校名单');
    sheet.addRow(SCHOOL_COLUMNS.map((c) => c.header));
    sheet.addRow([SCHOOL, '牡丹区第一实验小学', COUNTY, '小学', '公办', '', '否', '否']);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(await book.xlsx.writeBuffer())]), 'schools.xlsx');
    const imported = await fetch(`${education.httpUrl}/api/v1/schools/import`, {
      method: 'POST',
      body: form,
      headers: teacher,
    });
    expect(await imported.json()).toMatchObject({ accepted: true, created: 1 });
    // Education knows the child from the registry's ChildRegistered; then the school enrols it.
    const enrolled = await waitFor('the first child enrolled in education', async () => {
      const r = await httpJson<{ message?: string }>(
        education.httpUrl,
        'POST',
        '/api/v1/enrolments',
        {
          childId: children[0].childId,
          schoolCode: SCHOOL,
          grade: 'primary-6',
          placement: 'public-school',
          enrolledOn: '2026-09-01',
        },
        teacher,
      );
      return r.status === 404 ? undefined : r;
    });
    expect(enrolled.status).toBe(200);

    const response = await fetch(`${registry.httpUrl}/api/v1/key-care/export.xlsx?countyCode=${COUNTY}`, {
      headers: testActorHeaders({ role: 'civil-affairs-officer', counties: COUNTY }),
    });
    expect(response.status).toBe(200);
    const ledger = new ExcelJS.Workbook();
    await ledger.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const rows = ledger.worksheets[0];
    const schoolColumn: string[] = [];
    for (let n = 3; n <= rows.actualRowCount; n++)
      schoolColumn.push(String((rows.getRow(n).values as unknown[])[9] ?? ''));
    expect(schoolColumn.sort()).toEqual(['牡丹区第一实验小学/六年级', '西城小学/四年级']);
  });
});
