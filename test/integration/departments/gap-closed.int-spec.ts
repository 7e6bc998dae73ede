// The loop the programme exists for, across two real services on shared topics: the registry's
// facts make the catalogue grant 住房保障服务 (HZ-11) to a child of a family in housing
// difficulty; the grant reaches housing-transport's worklist; the housing officer records the
// delivery there; the catalogue, consuming the delivery event, closes the child's gap.
import ExcelJS from 'exceljs';
import { RegistryEvents, common } from '@care/contracts';
import { SCHOOL_COLUMNS } from '@care/education-rules';
import {
  childFacts,
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
import { AppModule as CatalogueModule } from '../../../apps/services-catalog/src/app.module';
import {
  loadServicesCatalogConfig,
  type ServicesCatalogConfig,
} from '../../../apps/services-catalog/src/config';

const COUNTY = '371702';
const housingOfficer = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_HOUSING',
  counties: COUNTY,
});
const teacher = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_EDUCATION_SPORTS',
  counties: COUNTY,
});
const civilAffairs = testActorHeaders({ role: 'civil-affairs-officer', counties: COUNTY });

interface CatalogueEntitlements {
  entitlements: { itemCode: string; servedOn: string | null; daysOpen: number | null }[];
}

describe('gap closed: catalogue grant -> housing-transport worklist -> delivery -> catalogue (real Kafka, database)', () => {
  let catalogue: TestService<ServicesCatalogConfig>;
  let housing: TestService<HousingTransportConfig>;
  let education: TestService<EducationConfig>;
  let publisher: TestPublisher;

  beforeAll(async () => {
    catalogue = await startTestService({
      name: 'services-catalog',
      load: loadServicesCatalogConfig,
      module: (config, clock) => CatalogueModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-09-20',
    });
    housing = await startTestService({
      name: 'housing-transport',
      load: loadHousingTransportConfig,
      module: (config, clock) => HousingTransportModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-09-20',
      topicSuffix: catalogue.topicSuffix,
    });
    education = await startTestService({
      name: 'education',
      load: loadEducationConfig,
      module: (config, clock) => EducationModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-09-20',
      topicSuffix: catalogue.topicSuffix,
    });
    publisher = await TestPublisher.open(catalogue.config.KAFKA_BROKERS, catalogue.topicSuffix, [
      RegistryEvents.childRegistered,
    ]);
  });

  afterAll(async () => {
    await publisher?.close();
    await education?.close();
    await housing?.close();
    await catalogue?.close();
  });

  const item = async (childId: string, code: string) => {
    const r = await httpJson<CatalogueEntitlements>(
      catalogue.httpUrl,
      'GET',
      `/api/v1/children/${childId}/entitlements`,
      undefined,
      civilAffairs,
    );
    return r.status === 200 ? r.body.entitlements.find((e) => e.itemCode === code) : undefined;
  };
  const hz11 = async (childId: string) => {
    const r = await httpJson<CatalogueEntitlements>(
      catalogue.httpUrl,
      'GET',
      `/api/v1/children/${childId}/entitlements`,
      undefined,
      civilAffairs,
    );
    return r.status === 200 ? r.body.entitlements.find((e) => e.itemCode === 'HZ-11') : undefined;
  };

  it('closes the gap in the catalogue when housing records the delivery', async () => {
    await publisher.publish(RegistryEvents.childRegistered, 'gap-child-1', {
      facts: childFacts('gap-child-1', 1, { housingDifficulty: true }),
      hasIdNumber: true,
      registeredAt: '2026-09-01T08:00:00+08:00',
    });
    // A child without housing difficulty: never granted HZ-11, never on housing's worklist.
    await publisher.publish(RegistryEvents.childRegistered, 'gap-child-2', {
      facts: childFacts('gap-child-2', 1),
      hasIdNumber: true,
      registeredAt: '2026-09-01T08:00:00+08:00',
    });
    const open = await waitFor('HZ-11 granted in the catalogue', () => hz11('gap-child-1'));
    expect(open).toMatchObject({ servedOn: null });
    expect(open.daysOpen).toBeGreaterThanOrEqual(0);

    const row = await waitFor('HZ-11 on the housing worklist', async () => {
      const page = await httpJson<{ rows: { childId: string; itemCode: string }[] }>(
        housing.httpUrl,
        'GET',
        '/api/v1/worklist',
        undefined,
        housingOfficer,
      );
      return page.body.rows.find((r) => r.childId === 'gap-child-1' && r.itemCode === 'HZ-11');
    });
    expect(row).toBeDefined();

    const recorded = await httpJson(
      housing.httpUrl,
      'POST',
      '/api/v1/deliveries',
      { childId: 'gap-child-1', itemCode: 'HZ-11', outcome: 'delivered', onDate: '2026-09-18' },
      housingOfficer,
    );
    expect(recorded.status).toBe(200);
    const closed = await waitFor('the gap closed in the catalogue', async () => {
      const e = await hz11('gap-child-1');
      return e?.servedOn !== null && e?.servedOn !== undefined ? e : undefined;
    });
    expect(closed).toMatchObject({ servedOn: '2026-09-18', daysOpen: null });

    const worklist = await httpJson<{ rows: { childId: string }[] }>(
      housing.httpUrl,
      'GET',
      '/api/v1/worklist',
      undefined,
      housingOfficer,
    );
    expect(worklist.body.rows.map((r) => r.childId)).not.toContain('gap-child-1');
    expect(worklist.body.rows.map((r) => r.childId)).not.toContain('gap-child-2');
    const other = await waitFor('the second child granted its items', async () => {
      const r = await httpJson<CatalogueEntitlements>(
        catalogue.httpUrl,
        'GET',
        '/api/v1/children/gap-child-2/entitlements',
        undefined,
        civilAffairs,
      );
      return r.status === 200 && r.body.entitlements.length > 0 ? r.body.entitlements : undefined;
    });
    expect(other.map((e) => e.itemCode)).not.toContain('HZ-11');
  });

  it('closes 义务教育服务 (HZ-03) when education enrols the child', async () => {
    await publisher.publish(RegistryEvents.childRegistered, 'gap-pupil-1', {
      facts: childFacts('gap-pupil-1', 1, {
        birthDate: '2018-03-01',
        educationStage: common.EducationStage.EDUCATION_STAGE_PRIMARY,
      }),
      hasIdNumber: true,
      registeredAt: '2026-09-01T08:00:00+08:00',
    });
    expect(await waitFor('HZ-03 granted', () => item('gap-pupil-1', 'HZ-03'))).toMatchObject({
      servedOn: null,
    });
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('学校名单');
    sheet.addRow(SCHOOL_COLUMNS.map((c) => c.header));
    sheet.addRow(['2137000001', '牡丹区第一实验小学', COUNTY, '小学', '公办', '', '否', '否']);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(await book.xlsx.writeBuffer())]), 'schools.xlsx');
    const imported = await fetch(`${education.httpUrl}/api/v1/schools/import`, {
      method: 'POST',
      body: form,
      headers: teacher,
    });
    expect(await imported.json()).toMatchObject({ accepted: true });
    // Education must have the grant before the enrolment can record the delivery.
    await waitFor('HZ-03 on the education worklist', async () => {
      const page = await httpJson<{ rows: { childId: string; itemCode: string }[] }>(
        education.httpUrl,
        'GET',
        '/api/v1/worklist',
        undefined,
        teacher,
      );
      return page.body.rows.some((r) => r.childId === 'gap-pupil-1' && r.itemCode === 'HZ-03')
        ? true
        : undefined;
    });
    const enrolled = await httpJson(
      education.httpUrl,
      'POST',
      '/api/v1/enrolments',
      {
        childId: 'gap-pupil-1',
        schoolCode: '2137000001',
        grade: 'primary-3',
        placement: 'public-school',
        enrolledOn: '2026-09-01',
      },
      teacher,
    );
    expect(enrolled.status).toBe(200);
    const served = await waitFor('HZ-03 served in the catalogue', async () => {
      const e = await item('gap-pupil-1', 'HZ-03');
      return e?.servedOn ? e : undefined;
    });
    expect(served).toMatchObject({ servedOn: '2026-09-01', daysOpen: null });
  });
});
