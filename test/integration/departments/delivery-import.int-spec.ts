// A department's own list of what it provided (服务台账), imported from Excel into a department
// service (welfare here; every department has the same endpoint from the department kit): the
// ID numbers are matched to children by the real registry over a real gRPC socket, each row is
// a delivery record published for the catalogue. A bad file records nothing and names every
// problem by row, column and rule; the same file again changes nothing.
import ExcelJS from 'exceljs';
import { CatalogueEvents, DeliveryEvents, common } from '@care/contracts';
import { DELIVERY_LIST_COLUMNS, DEPARTMENT_ENTITLEMENTS_COLLECTION } from '@care/department-kit';
import { makeIdNumber } from '@care/identity';
import {
  httpJson,
  startTestService,
  testActorHeaders,
  TestPublisher,
  TopicProbe,
  waitFor,
  type TestService,
} from '@care/service-kit/testing';
import { AppModule as WelfareModule } from '../../../apps/welfare/src/app.module';
import { loadWelfareConfig, type WelfareConfig } from '../../../apps/welfare/src/config';
import { startRegistry, type RegistryTestApp } from '../../../apps/registry/test/app-factory';
import { registrationBody } from '../../../apps/registry/test/fixtures';

const COUNTY = '371702';
const OTHER_COUNTY = '371721';
const ITEM = 'HZ-15';
const officer = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_CIVIL_AFFAIRS',
  counties: COUNTY,
});
const registrar = testActorHeaders({ role: 'civil-affairs-officer', counties: `${COUNTY},${OTHER_COUNTY}` });

interface ImportResult {
  accepted: boolean;
  rows: number;
  recorded: number;
  unchanged: number;
  problems: { rowNumber: number; field: string; rule: string; message: string }[];
}

async function listFile(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('服务台账');
  sheet.addRow(DELIVERY_LIST_COLUMNS.map((c) => c.header));
  for (const row of rows) sheet.addRow(row);
  sheet.getColumn(1).numFmt = '@';
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(url: string, file: Buffer): Promise<{ status: number; body: unknown; bytes?: Buffer }> {
  const form = new FormData();
  form.append('file', new Blob([file]), 'list.xlsx');
  const response = await fetch(url, { method: 'POST', body: form, headers: officer });
  if ((response.headers.get('content-type') ?? '').includes('spreadsheetml'))
    return { status: response.status, body: undefined, bytes: Buffer.from(await response.arrayBuffer()) };
  return { status: response.status, body: await response.json() };
}

describe('a department imports its own delivery list, matched by the registry (real gRPC, Kafka and database)', () => {
  let registry: RegistryTestApp;
  let welfare: TestService<WelfareConfig>;
  let publisher: TestPublisher;
  let probe: TopicProbe;
  const ids = {
    a: makeIdNumber('371702', '2016-03-10', 21),
    b: makeIdNumber('371702', '2017-07-21', 22),
    elsewhere: makeIdNumber('371721', '2016-05-02', 23),
    unregistered: makeIdNumber('371702', '2016-01-15', 24),
  };
  const childIds: Record<string, string> = {};
  const importUrl = (path = '') => `${welfare.httpUrl}/api/v1/deliveries/import${path}`;
  const ours = (key: string) => key === childIds.a || key === childIds.b;

  beforeAll(async () => {
    registry = await startRegistry({ name: 'delivery_import', today: '2026-09-20' });
    welfare = await startTestService({
      name: 'welfare',
      load: loadWelfareConfig,
      module: (config, clock) => WelfareModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-09-20',
      topicSuffix: registry.topicSuffix,
      env: { REGISTRY_GRPC_ADDRESS: registry.grpcAddress },
    });
    publisher = await TestPublisher.open(welfare.config.KAFKA_BROKERS, registry.topicSuffix, [
      CatalogueEvents.entitlementGranted,
    ]);
    probe = await TopicProbe.open(
      welfare.config.KAFKA_BROKERS,
      [DeliveryEvents.welfare],
      registry.topicSuffix,
    );
    for (const [key, idNumber, township, seq] of [
      ['a', ids.a, '371702001', 21],
      ['b', ids.b, '371702001', 22],
      ['elsewhere', ids.elsewhere, '371721002', 23],
    ] as const) {
      const r = await httpJson<{ childId: string }>(
        registry.httpUrl,
        'POST',
        '/api/v1/children',
        registrationBody(
          { idNumber, residence: { divisionCode: township, movedInOn: '2024-09-01', address: '某街道某号' } },
          seq,
        ),
        registrar,
      );
      expect(r.status).toBe(201);
      childIds[key] = r.body.childId;
    }
    // The catalogue granted 最低生活保障 (civil affairs) to a and b.
    for (const key of ['a', 'b'])
      await publisher.publish(CatalogueEvents.entitlementGranted, childIds[key], {
        childId: childIds[key],
        countyCode: COUNTY,
        itemCode: ITEM,
        itemName: '测试服务项目',
        departments: [common.Department.DEPARTMENT_CIVIL_AFFAIRS],
        listVersion: 1,
        grantedAt: '2026-09-01T09:00:00+08:00',
      });
    await waitFor('the grants projected in welfare', async () => {
      const n = await welfare.db
        .collection(DEPARTMENT_ENTITLEMENTS_COLLECTION)
        .countDocuments({ childId: { $in: [childIds.a, childIds.b] }, granted: true } as never);
      return n === 2 ? true : undefined;
    });
  });

  afterAll(async () => {
    await probe?.close();
    await publisher?.close();
    await welfare?.close();
    await registry?.close();
  });

  it('refuses a bad list whole: every problem by row, column and rule, nothing recorded', async () => {
    const file = await listFile([
      [ids.a, '王小明', ITEM, '已提供', '2026-09-10', ''], // 2: good
      [ids.b, '李小红', 'HZ-03', '已提供', '2026-09-10', ''], // 3: not an item of the child's from this department
      [ids.elsewhere, '钱小芳', ITEM, '已提供', '2026-09-10', ''], // 4: registered in 曹县
      [ids.unregistered, '赵小刚', ITEM, '已提供', '2026-09-10', ''], // 5: not registered
      [ids.b, '李小红', ITEM, '发放了', '2026-09-10', ''], // 6: outcome vocabulary
      [ids.b, '李小红', ITEM, '拒绝', '2026-09-10', ''], // 7: refusal without a reason
      [ids.a, '王小明', ITEM, '已提供', '2026-09-11', ''], // 8: a and HZ-15 twice
      [ids.b, '李小红', ITEM, '已提供', '2026-10-01', ''], // 9: a day still to come
    ]);
    const r = await upload(importUrl(), file);
    expect(r.status).toBe(200);
    const result = r.body as ImportResult;
    expect(result).toMatchObject({ accepted: false, rows: 8, recorded: 0 });
    const rules = (n: number) =>
      result.problems.filter((p) => p.rowNumber === n).map((p) => `${p.field}:${p.rule}`);
    expect(rules(2)).toEqual([]);
    expect(rules(3)).toEqual(['itemCode:entitled-item']);
    expect(rules(4)).toEqual(['idNumber:county-scope']);
    expect(rules(5)).toEqual(['idNumber:registered-child']);
    expect(rules(6)).toEqual(['outcome:outcome-vocabulary']);
    expect(rules(7)).toEqual(['reason:reason-for-refusal']);
    expect(rules(8)).toEqual(['itemCode:unique-in-file']);
    expect(rules(9)).toEqual(['onDate:not-in-future']);
    for (const p of result.problems) {
      expect(p.message).toMatch(new RegExp(`^第${p.rowNumber}行 `));
      for (const secret of [...Object.values(ids), '王小明', '李小红'])
        expect(p.message).not.toContain(secret);
    }
    const entitlement = await httpJson<{ delivery: unknown }[]>(
      welfare.httpUrl,
      'GET',
      `/api/v1/children/${childIds.a}/entitlements`,
      undefined,
      officer,
    );
    expect(entitlement.body[0]).toMatchObject({ delivery: null });

    const report = await upload(importUrl('/problem-report'), file);
    expect(report.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(report.bytes as never);
    const sheet = book.worksheets[0]!;
    const reported = new Set<number>();
    for (let n = 2; n <= sheet.actualRowCount; n++) reported.add(Number(sheet.getRow(n).getCell(1).value));
    expect([...reported].sort()).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('records a clean list, publishes each record once, and the same list again changes nothing', async () => {
    const file = await listFile([
      [ids.a, '王小明', ITEM, '已提供', '2026-09-10', ''],
      [ids.b, '李小红', ITEM, '不需要', '2026-09-12', '家庭收入已超过低保标准'],
    ]);
    const first = await upload(importUrl(), file);
    expect(first.body).toMatchObject({ accepted: true, rows: 2, recorded: 2, unchanged: 0, problems: [] });
    const events = await probe.waitFor(DeliveryEvents.welfare, 2, ours);
    expect(events.map((e) => [e.key, e.message.itemCode, e.message.outcome]).sort()).toEqual(
      [
        [childIds.a, ITEM, common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED],
        [childIds.b, ITEM, common.DeliveryOutcome.DELIVERY_OUTCOME_REFUSED],
      ].sort(),
    );
    const worklist = await httpJson<{ rows: { childId: string }[] }>(
      welfare.httpUrl,
      'GET',
      '/api/v1/worklist',
      undefined,
      officer,
    );
    expect(worklist.body.rows.filter((row) => ours(row.childId))).toEqual([]);

    const again = await upload(importUrl(), file);
    expect(again.body).toMatchObject({ accepted: true, recorded: 0, unchanged: 2 });
    expect(await probe.settle(DeliveryEvents.welfare, ours)).toHaveLength(2);
  });

  it('refuses a file that is not a workbook, and an officer of no responsible department', async () => {
    const garbage = await upload(importUrl(), Buffer.from('not a workbook'));
    expect(garbage).toMatchObject({ status: 400, body: { field: 'file' } });
    const form = new FormData();
    form.append(
      'file',
      new Blob([await listFile([[ids.a, '', ITEM, '已提供', '2026-09-10', '']])]),
      'list.xlsx',
    );
    const teacher = testActorHeaders({
      role: 'department-officer',
      department: 'DEPARTMENT_EDUCATION_SPORTS',
      counties: COUNTY,
    });
    const refused = await fetch(importUrl(), { method: 'POST', body: form, headers: teacher });
    expect(refused.status).toBe(403);
  });
});
