import request from 'supertest';
import { status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import type { registry } from '@care/contracts';
import { makeIdNumber } from '@care/identity';
import {
  actorHeaders,
  actorMetadata,
  registryGrpcClient,
  startRegistry,
  unary,
  type RegistryTestApp,
} from './app-factory';
import { registrationBody } from './fixtures';

const TODAY = '2025-06-01';
// ChildIdentityOutcome values as the plain grpc-js client answers them (enums as numbers).
const IDENTITY_OUTCOME = { FOUND: 1, NOT_REGISTERED: 2, OUTSIDE_COUNTY: 3 } as const;

describe('registry.v1.RegistryService over a real gRPC socket', () => {
  let registry: RegistryTestApp;
  let client: ReturnType<typeof registryGrpcClient>;
  let childId: string;
  const idNumber = makeIdNumber('371721', '2015-03-10', 301);
  const officer = actorHeaders('civil-affairs-officer', '371702');

  beforeAll(async () => {
    registry = await startRegistry({ name: 'grpc', today: TODAY });
    client = registryGrpcClient(registry.grpcAddress);
    childId = (
      await request(registry.httpUrl)
        .post('/api/v1/children')
        .set(officer)
        .send(registrationBody({ idNumber }))
        .expect(201)
    ).body.childId;
  });
  afterAll(async () => {
    client?.close();
    await registry?.close();
  });

  it('GetChild returns the child masked, with its facts', async () => {
    const res = await unary<registry.GetChildResponse>(
      client,
      'GetChild',
      { childId },
      actorMetadata('department-officer', '371702'),
    );
    const child = res.child!;
    expect(child).toMatchObject({ childId, name: '张**', masked: true, lastVerifiedOn: TODAY });
    expect(child.idNumber).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
    expect(child.guardians[0]).toMatchObject({ name: '张**', relation: '父亲', phone: '138****5678' });
    expect(child.facts).toMatchObject({
      childId,
      residenceCountyCode: '371702',
      hukouCountyCode: '371721',
      isMigrant: true,
      version: '1',
    });
  });

  it('GetChild with a purpose and an allowed role returns the full values, and audits the reads', async () => {
    const res = await unary<registry.GetChildResponse>(
      client,
      'GetChild',
      { childId, purpose: '跨部门核实就学信息' },
      actorMetadata('civil-affairs-officer', '371702'),
    );
    expect(res.child).toMatchObject({ name: '张小明', idNumber, masked: false });
    const audit = await registry.db
      .collection('audit_trail')
      .countDocuments({ recordId: childId, action: 'reveal' });
    expect(audit).toBeGreaterThanOrEqual(6);
    // A role that may not see identities stays masked even with a purpose.
    const masked = await unary<registry.GetChildResponse>(
      client,
      'GetChild',
      { childId, purpose: '核实' },
      actorMetadata('department-officer', '371702'),
    );
    expect(masked.child).toMatchObject({ name: '张**', masked: true });
  });

  it('GetChild of an unknown id is NOT_FOUND; a child of another county is not found either', async () => {
    await expect(
      unary(client, 'GetChild', { childId: '01JUNKNOWNCHILD0000000000' }, actorMetadata()),
    ).rejects.toMatchObject({ code: status.NOT_FOUND });
    await expect(
      unary(client, 'GetChild', { childId }, actorMetadata('civil-affairs-officer', '371728')),
    ).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('FindChildByIdNumber finds by the blind index; a malformed number is INVALID_ARGUMENT naming id_number', async () => {
    const found = await unary<registry.FindChildByIdNumberResponse>(
      client,
      'FindChildByIdNumber',
      { idNumber: idNumber.toLowerCase() },
      actorMetadata('department-officer', '371702'),
    );
    expect(found.child?.childId).toBe(childId);
    const error = (await unary(
      client,
      'FindChildByIdNumber',
      { idNumber: '37172120150310301' },
      actorMetadata(),
    ).catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.metadata.get('x-error-field-bin').map((v) => v.toString())).toEqual(['id_number']);
    expect(error.details).toContain('身份证号');
  });

  describe('ReadChildIdentities (the names on a department report, e.g. the 护佑健康 list)', () => {
    const read = (
      request: Record<string, unknown>,
      metadata = actorMetadata('civil-affairs-officer', '371702'),
    ) => unary<registry.ReadChildIdentitiesResponse>(client, 'ReadChildIdentities', request, metadata);
    const refusal = async (request: Record<string, unknown>, metadata?: ReturnType<typeof actorMetadata>) =>
      (await read(request, metadata).catch((e: unknown) => e)) as ServiceError;
    const audited = (action: string) =>
      registry.db.collection('audit_trail').countDocuments({ action, field: 'name,idNumber' });

    it("opens names and ID numbers of the county's children with one audit entry; unknown and other-county ids get no value", async () => {
      const before = await audited('reveal-list');
      const res = await read({
        childIds: [childId, '01JUNKNOWNCHILD0000000000'],
        countyCode: '371702',
        purpose: '护佑健康名单报送',
      });
      expect(res.identities).toEqual([
        { childId, outcome: IDENTITY_OUTCOME.FOUND, name: '张小明', idNumber },
        {
          childId: '01JUNKNOWNCHILD0000000000',
          outcome: IDENTITY_OUTCOME.NOT_REGISTERED,
          name: '',
          idNumber: '',
        },
      ]);
      expect(await audited('reveal-list')).toBe(before + 1);
      // The officer also covers 371721, but the child lives in 371702: no value opened for it there.
      const elsewhere = await read(
        { childIds: [childId], countyCode: '371721', purpose: '护佑健康名单报送' },
        actorMetadata('civil-affairs-officer', '371702,371721'),
      );
      expect(elsewhere.identities).toEqual([
        { childId, outcome: IDENTITY_OUTCOME.OUTSIDE_COUNTY, name: '', idNumber: '' },
      ]);
    });

    it('refuses a county the caller does not cover, and a role that may not see identities, auditing both refusals', async () => {
      const before = await audited('reveal-denied');
      const county = await refusal(
        { childIds: [childId], countyCode: '371702', purpose: '护佑健康名单报送' },
        actorMetadata('civil-affairs-officer', '371728'),
      );
      expect(county.code).toBe(status.PERMISSION_DENIED);
      expect(county.details).toContain('371702');
      const role = await refusal(
        { childIds: [childId], countyCode: '371702', purpose: '护佑健康名单报送' },
        actorMetadata('department-officer', '371702'),
      );
      expect(role.code).toBe(status.PERMISSION_DENIED);
      expect(role.details).toContain('无权读取儿童的姓名和身份证号');
      expect(await audited('reveal-denied')).toBe(before + 2);
    });

    it('refuses bad requests as INVALID_ARGUMENT naming the field, opening nothing', async () => {
      const before = await audited('reveal-list');
      const cases: [Record<string, unknown>, string][] = [
        [{ childIds: [], countyCode: '371702', purpose: '报送' }, 'child_ids'],
        [
          { childIds: Array.from({ length: 501 }, (_, i) => `c${i}`), countyCode: '371702', purpose: '报送' },
          'child_ids',
        ],
        [{ childIds: [childId, ' '], countyCode: '371702', purpose: '报送' }, 'child_ids'],
        [{ childIds: [childId], countyCode: '3717', purpose: '报送' }, 'county_code'],
      ];
      for (const [request, field] of cases) {
        const error = await refusal(request);
        expect([error.code, error.metadata.get('x-error-field-bin').map((v) => v.toString())]).toEqual([
          status.INVALID_ARGUMENT,
          [field],
        ]);
      }
      expect(await audited('reveal-list')).toBe(before);
    });
  });

  it('refuses a call without identity metadata as UNAUTHENTICATED, never UNKNOWN', async () => {
    const { Metadata } = await import('@grpc/grpc-js');
    await expect(unary(client, 'GetChild', { childId }, new Metadata())).rejects.toMatchObject({
      code: status.UNAUTHENTICATED,
    });
  });

  it('ListStatusChanges pages the status-change log with an opaque cursor', async () => {
    // A second child, so there are two changes (both entered the population at registration).
    const second = (
      await request(registry.httpUrl)
        .post('/api/v1/children')
        .set(officer)
        .send(registrationBody({}, 303))
        .expect(201)
    ).body.childId;
    const md = () => actorMetadata('department-officer', '371702');
    let first: registry.ListStatusChangesResponse | undefined;
    for (let i = 0; i < 100; i += 1) {
      first = await unary<registry.ListStatusChangesResponse>(
        client,
        'ListStatusChanges',
        { since: '', pageSize: 1 },
        md(),
      );
      const all = await unary<registry.ListStatusChangesResponse>(
        client,
        'ListStatusChanges',
        { since: '', pageSize: 10 },
        md(),
      );
      if (all.changes.length >= 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(first!.changes).toHaveLength(1);
    expect(first!.changes[0]).toMatchObject({ childId, isMigrant: true, asOf: TODAY });
    const next = await unary<registry.ListStatusChangesResponse>(
      client,
      'ListStatusChanges',
      { since: first!.nextCursor, pageSize: 10 },
      md(),
    );
    expect(next.changes.map((c) => c.childId)).toEqual([second]);
    const after = await unary<registry.ListStatusChangesResponse>(
      client,
      'ListStatusChanges',
      { since: next.nextCursor, pageSize: 10 },
      md(),
    );
    expect(after.changes).toEqual([]);
    expect(after.nextCursor).toBe(next.nextCursor);
    // Another county's caller sees none of them.
    const other = await unary<registry.ListStatusChangesResponse>(
      client,
      'ListStatusChanges',
      { since: '', pageSize: 10 },
      actorMetadata('department-officer', '371728'),
    );
    expect(other.changes).toEqual([]);
    await expect(
      unary(client, 'ListStatusChanges', { since: 'not-a-cursor', pageSize: 10 }, md()),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it('ListKeyCareChildren validates the county and answers from the ledger', async () => {
    await expect(
      unary(client, 'ListKeyCareChildren', { countyCode: '3717' }, actorMetadata()),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    const res = await unary<registry.ListKeyCareChildrenResponse>(
      client,
      'ListKeyCareChildren',
      { countyCode: '371702', pageSize: 10 },
      actorMetadata('department-officer', '371702'),
    );
    expect(res.children).toEqual([]);
  });
});
