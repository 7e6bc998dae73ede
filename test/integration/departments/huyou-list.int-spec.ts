// The 护佑健康 list (孤困儿童大病保险名单, sent to the province) names the children: welfare holds
// no names, so it reads them and the ID numbers from the real registry over a real gRPC socket,
// for exactly the children on the list, audited by the registry once per call (purpose
// 护佑健康名单报送) and by welfare as an export. With the registry down: 503 and no file.
import ExcelJS from 'exceljs';
import { makeIdNumber } from '@care/identity';
import {
  httpJson,
  startTestService,
  testActorHeaders,
  waitFor,
  type TestService,
} from '@care/service-kit/testing';
import { AppModule as WelfareModule } from '../../../apps/welfare/src/app.module';
import { loadWelfareConfig, type WelfareConfig } from '../../../apps/welfare/src/config';
import { startRegistry, type RegistryTestApp } from '../../../apps/registry/test/app-factory';
import { registrationBody } from '../../../apps/registry/test/fixtures';

const COUNTY = '371702';
const officer = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_CIVIL_AFFAIRS',
  counties: COUNTY,
  userId: 'officer-ca',
});
const staff = testActorHeaders({ role: 'civil-affairs-officer', counties: COUNTY, userId: 'staff-1' });
const registrar = testActorHeaders({ role: 'civil-affairs-officer', counties: `${COUNTY},371721` });

describe('the 护佑健康 list named by the registry (real gRPC, Kafka and database)', () => {
  let registry: RegistryTestApp;
  let welfare: TestService<WelfareConfig>;
  const ids = {
    listed: makeIdNumber('371721', '2015-03-10', 31),
    second: makeIdNumber('371721', '2016-04-12', 32),
    temporary: makeIdNumber('371721', '2014-02-02', 33),
  };
  const childIds: Record<string, string> = {};
  const huyou = (headers = staff) =>
    fetch(`${welfare.httpUrl}/api/v1/assistance/huyou-list.xlsx?countyCode=${COUNTY}`, { headers });
  const act = (id: string, body: Record<string, unknown>) =>
    httpJson<{ state: string }>(
      welfare.httpUrl,
      'POST',
      `/api/v1/assistance/applications/${id}/actions`,
      body,
      officer,
    );

  beforeAll(async () => {
    registry = await startRegistry({ name: 'huyou_list', today: '2026-09-20' });
    welfare = await startTestService({
      name: 'welfare-huyou',
      load: loadWelfareConfig,
      module: (config, clock) => WelfareModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-09-20',
      topicSuffix: registry.topicSuffix,
      env: { REGISTRY_GRPC_ADDRESS: registry.grpcAddress, REGISTRY_GRPC_DEADLINE_MS: '2000' },
    });
    for (const [key, name, seq] of [
      ['listed', '王小明', 31],
      ['second', '李小红', 32],
      ['temporary', '赵小刚', 33],
    ] as const) {
      const r = await httpJson<{ childId: string }>(
        registry.httpUrl,
        'POST',
        '/api/v1/children',
        registrationBody({ name, idNumber: ids[key] }, seq),
        registrar,
      );
      expect(r.status).toBe(201);
      childIds[key] = r.body.childId;
    }
    await waitFor('the registry’s children projected in welfare', async () => {
      const n = await welfare.db
        .collection('department_children')
        .countDocuments({ _id: { $in: Object.values(childIds) } } as never);
      return n === 3 ? true : undefined;
    });
    // Two children in payment of listed kinds, one with a 临时救助 (not on the list).
    for (const [key, kind] of [
      ['listed', 'orphan-basic-living'],
      ['second', 'minimum-living'],
    ] as const) {
      const opened = await httpJson<{ id: string }>(
        welfare.httpUrl,
        'POST',
        '/api/v1/assistance/applications',
        { childId: childIds[key], kind, hukouCountyCode: '371721' },
        officer,
      );
      expect(opened.status).toBe(201);
      await act(opened.body.id, { action: 'refer-to-hukou-city', revision: 1 });
      await act(opened.body.id, { action: 'record-hukou-confirmation', revision: 2 });
      expect((await act(opened.body.id, { action: 'approve', revision: 3 })).body.state).toBe('approved');
    }
    const temp = await httpJson<{ id: string }>(
      welfare.httpUrl,
      'POST',
      '/api/v1/assistance/applications',
      { childId: childIds.temporary, kind: 'temporary-assistance' },
      officer,
    );
    await act(temp.body.id, { action: 'accept', revision: 1 });
    await act(temp.body.id, { action: 'approve', revision: 2 });
  });

  afterAll(async () => {
    await welfare?.close();
    await registry?.close().catch(() => undefined);
  });

  it('names exactly the listed children, audited once by the registry and once by welfare', async () => {
    const response = await huyou();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-record-count')).toBe('2');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const rows = (book.getWorksheet('护佑健康名单')?.getSheetValues() ?? [])
      .slice(1)
      .map((r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(rows[0].slice(0, 4)).toEqual(['序号', '姓名', '身份证号', '儿童编号']);
    const byChild = new Map(rows.slice(1).map((r) => [r[3], r] as const));
    expect(rows).toHaveLength(3);
    expect(byChild.get(childIds.listed)?.slice(1, 3)).toEqual(['王小明', ids.listed]);
    expect(byChild.get(childIds.second)?.slice(1, 3)).toEqual(['李小红', ids.second]);
    expect(JSON.stringify(rows)).not.toContain('赵小刚');

    const registryAudit = await registry.db
      .collection('audit_trail')
      .find({ action: 'reveal-list' } as never)
      .toArray();
    expect(registryAudit).toHaveLength(1);
    expect(registryAudit[0]).toMatchObject({
      purpose: '护佑健康名单报送',
      userId: 'staff-1',
      countyCode: COUNTY,
      field: 'name,idNumber',
      recordCount: 2,
    });
    const welfareAudit = await welfare.db
      .collection('audit_trail')
      .find({ action: 'export-huyou-list' } as never)
      .toArray();
    expect(welfareAudit).toHaveLength(1);
    expect(welfareAudit[0]).toMatchObject({ userId: 'staff-1', countyCode: COUNTY, recordCount: 2 });
  });

  it('a department officer may not export it (the registry names children to civil-affairs staff only)', async () => {
    expect((await huyou(officer)).status).toBe(403);
  });

  it('a listed child the registry cannot name: 409 naming the child, no file, no export recorded', async () => {
    // welfare's record and the registry's have drifted apart (an approved application of a child the
    // registry does not know): the list is all or nothing.
    const applications = welfare.db.collection('assistance_applications');
    const approved = await applications.findOne({ childId: childIds.listed } as never);
    const ghost = '01JUNREGISTEREDCHILD000000';
    await applications.insertOne({
      ...approved,
      _id: `ghost-${ghost}`,
      childId: ghost,
      openKey: `${String(approved?.openKey)}-ghost`,
    } as never);
    try {
      const response = await huyou();
      expect(response.status).toBe(409);
      expect(response.headers.get('content-disposition')).toBeNull();
      const body = (await response.json()) as { message: string };
      expect(body.message).toContain('1名名单儿童的姓名、身份证号未能从登记服务读取');
      expect(body.message).toContain(ghost);
      expect(
        await welfare.db.collection('audit_trail').countDocuments({ action: 'export-huyou-list' } as never),
      ).toBe(1);
    } finally {
      await applications.deleteOne({ _id: `ghost-${ghost}` } as never);
    }
  });

  it('with the registry down: 503 with a Chinese message, no file, no export recorded', async () => {
    await registry.close();
    const response = await huyou();
    expect(response.status).toBe(503);
    expect(response.headers.get('content-disposition')).toBeNull();
    expect(((await response.json()) as { message: string }).message).toContain('登记服务暂时不可用');
    expect(
      await welfare.db.collection('audit_trail').countDocuments({ action: 'export-huyou-list' } as never),
    ).toBe(1);
  });
});
