import { generateKeyring, isSealed, rotateDataKey } from '@care/crypto';
import { DomainError } from '@care/errors';
import type { Actor, Role } from '@care/access';
import { AuditTrail, InMemoryAuditStore } from '@care/service-kit';
import { PersonalDataService } from './personal-data.service';

function setup(keyring = generateKeyring()) {
  const store = new InMemoryAuditStore();
  const service = new PersonalDataService(
    keyring,
    new AuditTrail(store, Buffer.alloc(32, 8), { now: () => new Date('2025-03-01T00:00:00Z') }),
  );
  return { store, service, keyring };
}

const actor = (role: Role, countyCodes = ['371702']): Actor => ({
  userId: 'u1',
  role,
  department: 'DEPARTMENT_CIVIL_AFFAIRS',
  countyCodes,
});

describe('PersonalDataService', () => {
  it('seals, opens and never stores the value in clear', () => {
    const { service } = setup();
    const sealed = service.seal('张小明');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('张小明');
    expect(service.open(sealed)).toBe('张小明');
  });

  it('gives a stable, versioned blind index of the normalised ID number', () => {
    const { service } = setup();
    const idx = service.idNumberIndex('37170220100101123X');
    expect(idx).toMatch(/^bi1:[0-9a-f]{64}$/);
    expect(service.idNumberIndex('37170220100101123X')).toBe(idx);
    expect(idx).not.toContain('37170220100101123X');
    expect(service.idNumberIndexCandidates('37170220100101123X')).toEqual([idx]);
  });

  it('reports values sealed under an old key version for rotation', () => {
    const v1 = generateKeyring();
    const old = setup(v1).service.seal('13812345678');
    const { service } = setup(rotateDataKey(v1));
    expect(service.needsRotation(old)).toBe(true);
    const fresh = service.reseal(old);
    expect(service.needsRotation(fresh)).toBe(false);
    expect(service.open(fresh)).toBe('13812345678');
  });

  it.each([
    ['name', '张小明', '张**'],
    ['guardianName', '欧阳娜娜', '欧***'],
    ['idNumber', '37170220100101123X', '371702********123X'],
    ['guardianPhone', '13812345678', '138****5678'],
    ['hukouAddress', '山东省菏泽市曹县庄寨镇王庄村3号', '山东省菏泽市曹县庄寨镇****'],
    ['residenceAddress', '山东省菏泽市牡丹区西城街道和平路12号', '山东省菏泽市牡丹区西城街道****'],
  ] as const)('masks %s', (field, plain, masked) => {
    const { service } = setup();
    expect(service.mask(field, plain)).toBe(masked);
    expect(service.maskSealed(field, service.seal(plain))).toBe(masked);
  });

  describe('reveal', () => {
    it('returns the value to an allowed role after writing the audit entry, without the value in it', async () => {
      const { service, store } = setup();
      const sealed = service.seal('37170220100101123X');
      const value = await service.reveal(actor('civil-affairs-officer'), {
        recordId: 'c1',
        countyCode: '371702',
        field: 'idNumber',
        sealed,
        purpose: '核对户籍信息',
      });
      expect(value).toBe('37170220100101123X');
      const [entry] = [...store.entries.values()];
      expect(entry).toMatchObject({
        action: 'reveal',
        recordId: 'c1',
        field: 'idNumber',
        purpose: '核对户籍信息',
        userId: 'u1',
        countyCode: '371702',
      });
      expect(JSON.stringify(entry)).not.toContain('37170220100101123X');
    });

    it.each<[string, Actor, 'idNumber' | 'name', RegExp]>([
      [
        'a child director asking for the ID number',
        actor('child-director'),
        'idNumber',
        /儿童主任.*无权查看身份证号/,
      ],
      [
        'a department officer asking for the name',
        actor('department-officer'),
        'name',
        /部门工作人员.*无权查看儿童姓名/,
      ],
      ['an auditor asking for the name', actor('auditor'), 'name', /审计员.*无权查看儿童姓名/],
      [
        'an officer of another county',
        actor('civil-affairs-officer', ['371721']),
        'name',
        /不在本人负责的区县范围内/,
      ],
    ])('refuses %s, and audits the refusal', async (_why, who, field, message) => {
      const { service, store } = setup();
      const error = await service
        .reveal(who, {
          recordId: 'c1',
          countyCode: '371702',
          field,
          sealed: service.seal('x'),
          purpose: '核对',
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('permission-denied');
      expect((error as DomainError).message).toMatch(message);
      expect([...store.entries.values()].map((e) => e.action)).toEqual(['reveal-denied']);
    });

    it('lets a child director see the guardian phone of their own county', async () => {
      const { service } = setup();
      const sealed = service.seal('13812345678');
      await expect(
        service.reveal(actor('child-director'), {
          recordId: 'c1',
          countyCode: '371702',
          field: 'guardianPhone',
          sealed,
          purpose: '联系监护人安排走访',
        }),
      ).resolves.toBe('13812345678');
    });

    it('requires a purpose and writes nothing without one', async () => {
      const { service, store } = setup();
      const error = await service
        .reveal(actor('civil-affairs-officer'), {
          recordId: 'c1',
          countyCode: '371702',
          field: 'name',
          sealed: service.seal('x'),
          purpose: ' ',
        })
        .catch((e: unknown) => e);
      expect((error as DomainError).code).toBe('invalid-argument');
      expect(store.entries.size).toBe(0);
    });

    it('reveals nothing when the audit entry cannot be written', async () => {
      const keyring = generateKeyring();
      const store = new InMemoryAuditStore();
      store.append = async () => {
        throw new Error('database down');
      };
      const service = new PersonalDataService(
        keyring,
        new AuditTrail(store, Buffer.alloc(32, 8), { now: () => new Date() }),
      );
      await expect(
        service.reveal(actor('civil-affairs-officer'), {
          recordId: 'c1',
          countyCode: '371702',
          field: 'name',
          sealed: service.seal('张三'),
          purpose: '核对',
        }),
      ).rejects.toThrow('database down');
    });
  });
});
