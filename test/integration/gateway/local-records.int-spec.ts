// The hukou side's list of its own children (local_records) kept from the registry's events, which
// the gateway consumes from several topics at once: two events of one child may be handled
// concurrently, and an older read may finish last. On the real database (FerretDB here).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { common, type registry } from '@care/contracts';
import { makeIdNumber } from '@care/identity';
import { childFacts, freePort, startTestService, type TestService } from '@care/service-kit/testing';
import { AppModule } from '../../../apps/gateway/src/app.module';
import { LocalRecords } from '../../../apps/gateway/src/comparison/local-records';
import { loadGatewayConfig, type GatewayConfig } from '../../../apps/gateway/src/config';
import { writeDevPki } from '../../../apps/gateway/src/pki/dev-pki';
import { HEZE, ZHENGZHOU, gatewayEnv } from './gateway-pair';

function child(version: number, name: string): registry.Child {
  return {
    childId: 'child-lr-1',
    name,
    idNumber: makeIdNumber('371702', '2016-05-20', 901),
    facts: childFacts('child-lr-1', version, {
      birthDate: '2016-05-20',
      sex: common.Sex.SEX_FEMALE,
      residenceCountyCode: '371702',
      hukouCountyCode: '371702',
    }),
    hukouAddress: '山东省菏泽市牡丹区东城街道和平路8号',
    residenceAddress: '山东省菏泽市牡丹区东城街道和平路8号',
    guardians: [{ name: '钱大海', relation: '父亲', phone: '13900002222' }],
    lastVerifiedOn: '2026-11-01',
    masked: false,
  };
}

describe('local records (the hukou side of a reconciliation) under concurrent registry events', () => {
  let gateway: TestService<GatewayConfig>;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'care-local-records-'));
    const port = await freePort();
    writeDevPki(dir, [
      { city: HEZE, exchangePort: port },
      { city: ZHENGZHOU, exchangePort: await freePort() },
    ]);
    gateway = await startTestService({
      name: 'gateway_local_records',
      load: loadGatewayConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
      env: gatewayEnv(dir, HEZE, port, `127.0.0.1:${await freePort()}`),
    });
  });

  afterAll(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const names = async (): Promise<string[]> => {
    const local = gateway.app.get(LocalRecords);
    const out: string[] = [];
    for await (const batch of local.sorted(ZHENGZHOU)) out.push(...batch.map((r) => r.name));
    return out;
  };

  it('two first events of one child at once: both succeed, one record', async () => {
    const local = gateway.app.get(LocalRecords);
    await expect(
      Promise.all([local.keep(child(1, '钱小雨')), local.keep(child(1, '钱小雨'))]),
    ).resolves.toEqual([undefined, undefined]);
    expect(await names()).toEqual(['钱小雨']);
  });

  it('a newer version replaces the record; an older read finishing last does not', async () => {
    const local = gateway.app.get(LocalRecords);
    await local.keep(child(3, '钱小雪'));
    await local.keep(child(2, '钱小雨'));
    expect(await names()).toEqual(['钱小雪']);
    await Promise.all([local.keep(child(5, '钱雪')), local.keep(child(4, '钱小雪'))]);
    expect(await names()).toEqual(['钱雪']);
  });
});
