// 学生资助 and 中考/高考 eligibility on the real broker and database: an award checked by the
// rules against the child's current enrolment and the registry's facts, granted and recorded as
// the delivery of its item (published once, however often it is sent); a benefit the rules do
// not give refused with the rule named and nothing stored; another county refused; the exam
// verdicts from the enrolment history with every unmet condition named.
import ExcelJS from 'exceljs';
import { CatalogueEvents, DeliveryEvents, RegistryEvents, common } from '@care/contracts';
import {
  childFacts,
  httpJson,
  startTestService,
  testActorHeaders,
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
const DELIVERY = DeliveryEvents.education;

async function schoolList(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('学校名单');
  sheet.addRow([
    '学校标识码',
    '学校名称',
    '所在县区代码',
    '学段',
    '办学性质',
    '幼儿园类型',
    '特殊教育学校',
    '接受政府购买学位',
  ]);
  sheet.addRow(['2137000101', '牡丹区资助实验小学', COUNTY, '小学', '公办', '', '否', '否']);
  sheet.addRow(['2137000102', '牡丹区育英学校', COUNTY, '九年一贯制', '民办', '', '否', '是']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

interface Award {
  awardId: string;
  outcome: string;
  amountFen: number | null;
  amountYuan: string | null;
  rule: string;
  itemCode: string;
  deliveryRecorded: boolean;
  deliveryId: string | null;
  replayed: boolean;
}
interface Verdict {
  eligible: boolean;
  reason: string;
  localSchoolYears: number;
  unmet: { rule: string }[];
}

describe('education: student aid and exam eligibility (real Kafka and database)', () => {
  let service: TestService<EducationConfig>;
  let publisher: TestPublisher;
  let probe: TopicProbe;

  const post = <T>(path: string, body: unknown, headers = officer) =>
    httpJson<T>(service.httpUrl, 'POST', path, body, headers);
  const get = <T>(path: string, headers = officer) =>
    httpJson<T>(service.httpUrl, 'GET', path, undefined, headers);
  const award = (body: Record<string, unknown>, headers = officer) =>
    post<Award & { message?: string; rule?: string }>('/api/v1/student-aid/awards', body, headers);

  beforeAll(async () => {
    service = await startTestService({
      name: 'education',
      load: loadEducationConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-09-20',
    });
    publisher = await TestPublisher.open(service.config.KAFKA_BROKERS, service.topicSuffix, [
      RegistryEvents.childRegistered,
      CatalogueEvents.entitlementGranted,
    ]);
    probe = await TopicProbe.open(service.config.KAFKA_BROKERS, [DELIVERY], service.topicSuffix);
    const children: [string, Partial<common.ChildFacts>][] = [
      ['aid-poor', { minimumLiving: true }], // born 2019-09-15: 一年级
      ['aid-plain', {}],
      ['aid-junior', { birthDate: '2012-03-01' }], // 入学年龄 14 in 2026-2027
    ];
    for (const [id, overrides] of children)
      await publisher.publish(RegistryEvents.childRegistered, id, {
        facts: childFacts(id, 1, overrides),
        hasIdNumber: true,
        registeredAt: '2026-08-01T08:00:00+08:00',
      });
    const form = new FormData();
    form.append('file', new Blob([await schoolList()]), 'schools.xlsx');
    const imported = await fetch(`${service.httpUrl}/api/v1/schools/import`, {
      method: 'POST',
      body: form,
      headers: officer,
    });
    expect(await imported.json()).toMatchObject({ accepted: true, created: 2 });
    const enrol = (body: Record<string, unknown>) =>
      waitFor('the child in the projection', async () => {
        const r = await post<unknown>('/api/v1/enrolments', body);
        return r.status === 404 ? undefined : r;
      });
    const base = {
      schoolCode: '2137000101',
      grade: 'primary-1',
      placement: 'public-school',
      enrolledOn: '2026-09-01',
    };
    expect((await enrol({ ...base, childId: 'aid-poor', boarding: true })).status).toBe(200);
    expect((await enrol({ ...base, childId: 'aid-plain', boarding: true })).status).toBe(200);
    const junior = { childId: 'aid-junior', schoolCode: '2137000102', placement: 'private-self-paid' };
    expect((await enrol({ ...junior, grade: 'junior-secondary-1', enrolledOn: '2024-09-01' })).status).toBe(
      200,
    );
    expect((await enrol({ ...junior, grade: 'junior-secondary-3', enrolledOn: '2026-09-01' })).status).toBe(
      200,
    );
    // The catalogue grants 义务教育服务 after the enrolment: the award's delivery closes the gap.
    await publisher.publish(CatalogueEvents.entitlementGranted, 'aid-poor', {
      childId: 'aid-poor',
      countyCode: COUNTY,
      itemCode: 'HZ-03',
      itemName: '义务教育服务',
      departments: [common.Department.DEPARTMENT_EDUCATION_SPORTS],
      listVersion: 1,
      grantedAt: '2026-09-10T09:00:00+08:00',
    });
    await waitFor('HZ-03 on the worklist', async () => {
      const page = await get<{ rows: { childId: string; itemCode: string }[] }>('/api/v1/worklist');
      return page.body.rows.some((r) => r.childId === 'aid-poor' && r.itemCode === 'HZ-03')
        ? true
        : undefined;
    });
  });

  afterAll(async () => {
    await probe?.close();
    await publisher?.close();
    await service?.close();
  });

  const subsidy = {
    childId: 'aid-poor',
    benefit: 'compulsory-boarding-subsidy',
    outcome: 'granted',
    amountFen: 62500,
    awardedOn: '2026-09-18',
  };

  it('grants the boarding subsidy, records HZ-03 as delivered and publishes it once; a replay is harmless', async () => {
    const first = await award(subsidy);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      awardId: 'aid-poor|compulsory-boarding-subsidy|2026-2027',
      outcome: 'granted',
      amountFen: 62500,
      amountYuan: '625.00',
      rule: 'compulsory-boarder-in-difficulty',
      itemCode: 'HZ-03',
      deliveryRecorded: true,
      replayed: false,
    });
    const [event] = await probe.waitFor(DELIVERY, 1, (key) => key === 'aid-poor');
    expect(event.message).toMatchObject({
      childId: 'aid-poor',
      itemCode: 'HZ-03',
      outcome: common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED,
      onDate: '2026-09-18',
      revision: 1,
    });
    expect(first.body.deliveryId).toBe(event.message.deliveryId);

    const again = await award(subsidy);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      replayed: true,
      deliveryRecorded: true,
      deliveryId: first.body.deliveryId,
    });
    // Another benefit of the same item: HZ-03 is delivered already, nothing is published again.
    const tuition = await award({
      childId: 'aid-poor',
      benefit: 'compulsory-free-tuition',
      outcome: 'granted',
    });
    expect(tuition.body).toMatchObject({
      deliveryRecorded: true,
      deliveryId: first.body.deliveryId,
      amountFen: null,
    });
    await expect(probe.waitFor(DELIVERY, 2, (key) => key === 'aid-poor', 1500)).rejects.toThrow();

    const changed = await award({ ...subsidy, amountFen: 70000 });
    expect(changed.status).toBe(409);
    expect(JSON.stringify(changed.body)).toContain('每学年只登记一次');

    const view = await get<{ eligible: { id: string }[]; awards: Award[] }>(
      '/api/v1/children/aid-poor/student-aid',
    );
    expect(view.body.eligible.map((b) => b.id)).toEqual([
      'compulsory-free-tuition',
      'compulsory-free-textbooks',
      'compulsory-boarding-subsidy',
    ]);
    expect(view.body.awards.map((a) => [a.awardId, a.amountFen])).toEqual([
      ['aid-poor|compulsory-boarding-subsidy|2026-2027', 62500],
      ['aid-poor|compulsory-free-tuition|2026-2027', null],
    ]);
  });

  it('refuses a benefit the rules do not give, naming the rule and the unmet conditions, and stores nothing', async () => {
    const notPoor = await award({ ...subsidy, childId: 'aid-plain' });
    expect(notPoor.status).toBe(409);
    expect(notPoor.body).toMatchObject({ rule: 'compulsory-boarder-in-difficulty' });
    expect(JSON.stringify(notPoor.body)).toContain('家庭经济困难');
    const wrongStage = await award({ ...subsidy, benefit: 'senior-national-grant', amountFen: 100000 });
    expect(wrongStage.status).toBe(409);
    expect(JSON.stringify(wrongStage.body)).toContain('senior-in-difficulty');
    expect(JSON.stringify(wrongStage.body)).toContain('普通高中');
    const view = await get<{ awards: Award[] }>('/api/v1/children/aid-plain/student-aid');
    expect(view.body.awards).toEqual([]);
    expect(
      (await get<{ awards: Award[] }>('/api/v1/children/aid-poor/student-aid')).body.awards,
    ).toHaveLength(2);
  });

  it('refuses bad input naming the field', async () => {
    const noAmount = await award({ ...subsidy, amountFen: undefined });
    expect(noAmount.status).toBe(400);
    expect(JSON.stringify(noAmount.body)).toContain('amountFen');
    const refusedWithoutReason = await award({
      childId: 'aid-poor',
      benefit: 'compulsory-free-textbooks',
      outcome: 'refused',
    });
    expect(refusedWithoutReason.status).toBe(400);
    expect(JSON.stringify(refusedWithoutReason.body)).toContain('reason');
    const unknownBenefit = await award({ ...subsidy, benefit: 'free-lunch' });
    expect(unknownBenefit.status).toBe(400);
    expect(JSON.stringify(unknownBenefit.body)).toContain('资助项目');
    const lastYear = await award({ ...subsidy, schoolYear: '2025-2026' });
    expect(lastYear.status).toBe(400);
    expect(JSON.stringify(lastYear.body)).toContain('schoolYear');
    const unknownChild = await award({ ...subsidy, childId: 'nobody' });
    expect(unknownChild.status).toBe(404);
  });

  it("refuses another county's officer", async () => {
    const other = officerOf(OTHER_COUNTY);
    expect(
      (await award({ ...subsidy, benefit: 'compulsory-free-textbooks', amountFen: undefined }, other)).status,
    ).toBe(403);
    expect((await get('/api/v1/children/aid-poor/student-aid', other)).status).toBe(403);
    expect((await get('/api/v1/children/aid-junior/exam-eligibility', other)).status).toBe(403);
  });

  it('answers 中考/高考 eligibility from the enrolment history, naming every unmet condition', async () => {
    const junior = await get<{ zhongkao: Verdict; gaokao: Verdict; residencePermit: boolean | null }>(
      '/api/v1/children/aid-junior/exam-eligibility',
    );
    expect(junior.status).toBe(200);
    expect(junior.body.zhongkao).toMatchObject({ eligible: true, localSchoolYears: 3, unmet: [] });
    expect(junior.body.gaokao.unmet.map((u) => u.rule)).toEqual(['studying-locally', 'residence-permit']);
    const withPermit = await get<{ gaokao: Verdict; residencePermit: boolean }>(
      '/api/v1/children/aid-junior/exam-eligibility?residencePermit=true',
    );
    expect(withPermit.body).toMatchObject({ residencePermit: true });
    expect(withPermit.body.gaokao.unmet.map((u) => u.rule)).toEqual(['studying-locally']);

    const pupil = await get<{ zhongkao: Verdict }>('/api/v1/children/aid-poor/exam-eligibility');
    expect(pupil.body.zhongkao).toMatchObject({ eligible: false, reason: '目前不在本市初中学校就读' });
    const bad = await get('/api/v1/children/aid-junior/exam-eligibility?residencePermit=maybe');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('residencePermit');
    expect((await get('/api/v1/children/nobody/exam-eligibility')).status).toBe(404);
  });
});
