import { generateKeyring } from '@care/crypto';
import { makeIdNumber } from '@care/identity';
import { DomainError } from '@care/errors';
import type { Actor, Role } from '@care/access';
import { AuditTrail, InMemoryAuditStore } from '@care/service-kit';
import { PersonalDataService } from '../personal-data/personal-data.service';
import type { ExportableChild } from './export-source';
import { InMemoryChildSource } from './in-memory-child-source';
import { DEFAULT_NATIONAL_MAPPING, parseExportMapping, type ExportMapping } from './mapping';
import { NationalExportService } from './national-export.service';

const clock = { now: () => new Date('2025-03-01T04:00:00Z') };
const actor = (role: Role, counties = ['371702']): Actor => ({
  userId: 'officer-7',
  role,
  department: 'DEPARTMENT_CIVIL_AFFAIRS',
  countyCodes: counties,
});

function setup(
  children: (pd: PersonalDataService) => ExportableChild[],
  mapping: ExportMapping = DEFAULT_NATIONAL_MAPPING,
) {
  const store = new InMemoryAuditStore();
  const audit = new AuditTrail(store, Buffer.alloc(32, 3), clock);
  const personalData = new PersonalDataService(generateKeyring(), audit);
  const service = new NationalExportService(
    new InMemoryChildSource(children(personalData)),
    personalData,
    audit,
    mapping,
    clock,
  );
  return { service, store };
}

function child(pd: PersonalDataService, i: number, over: Partial<ExportableChild> = {}): ExportableChild {
  return {
    _id: `child-${i}`,
    countyCode: '371702',
    townshipCode: '371702001',
    personal: {
      name: pd.seal(`李${'一二三四'[i % 4]}`),
      idNumber: pd.seal(makeIdNumber('410402', '2015-05-01', 100 + i)),
      hukouAddress: pd.seal('河南省平顶山市新华区,中兴路街道'),
      residenceAddress: pd.seal('山东省菏泽市牡丹区西城街道和平路12号'),
    },
    missingIdNumber: false,
    guardians: [{ name: pd.seal('李大'), relation: '父子', phone: pd.seal('13812345678') }],
    birthDate: '2015-05-01',
    sex: i % 2 === 1 ? 'male' : 'female',
    hukouDivisionCode: '410402',
    residenceHistory: [{ divisionCode: '371702001', movedInOn: '2024-01-10' }],
    difficultyTypes: ['family-hardship', 'vagrancy'],
    askedForHelp: false,
    education: { school: '菏泽市第一实验小学', grade: '四年级' },
    movedOut: false,
    determination: { isMigrant: true },
    lastVerifiedOn: '2025-01-05',
    ...over,
  };
}

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('NationalExportService', () => {
  it('streams UTF-8 CSV with BOM and CRLF: the mapped header, then one line per migrant child of the county', async () => {
    const { service } = setup((pd) => [
      child(pd, 1),
      child(pd, 2),
      child(pd, 3, { determination: { isMigrant: false } }),
      child(pd, 4, { countyCode: '371721' }),
      child(pd, 5),
    ]);
    const file = await service.export(
      '371702',
      actor('civil-affairs-officer'),
      '2025年上半年监测摸排结果报送',
    );
    expect(file.recordCount).toBe(3);
    const csv = await text(file.stream);
    expect(csv.startsWith('\ufeff')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines.pop()).toBe(''); // the file ends with CRLF
    expect(lines).toHaveLength(4);
    expect(lines[0]!.split(',')).toEqual(DEFAULT_NATIONAL_MAPPING.columns.map((c) => c.header));
    expect(lines[1]).toBe(
      [
        '李二',
        makeIdNumber('410402', '2015-05-01', 101),
        '1',
        '20150501',
        '410402',
        '"河南省平顶山市新华区,中兴路街道"',
        '371702001',
        '山东省菏泽市牡丹区西城街道和平路12号',
        '20240110',
        '1',
        '01;04',
        '0',
        '李大',
        '父子',
        '13812345678',
        '菏泽市第一实验小学',
        '四年级',
        '',
        '20250105',
        '371702',
        'child-1',
      ].join(','),
    );
    expect(csv).not.toContain('\n\n');
    expect(csv.split('\n').every((l, i, all) => i === all.length - 1 || l.endsWith('\r'))).toBe(true);
  });

  it('writes ONE audit entry per export, with the count and the fields, before any data, and no values', async () => {
    const { service, store } = setup((pd) => [child(pd, 1), child(pd, 2)]);
    const file = await service.export('371702', actor('civil-affairs-admin'), '报送全国系统');
    expect([...store.entries.values()]).toHaveLength(1); // written before the stream is read
    await text(file.stream);
    const entries = [...store.entries.values()];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'export',
      recordCount: 2,
      countyCode: '371702',
      recordId: `export:${file.exportId}`,
      purpose: '报送全国系统',
    });
    expect(entries[0]!.field.split(',').sort()).toEqual([
      'guardianName',
      'guardianPhone',
      'hukouAddress',
      'idNumber',
      'name',
      'residenceAddress',
    ]);
    expect(JSON.stringify(entries)).not.toContain('李');
  });

  it.each<[string, Actor, RegExp]>([
    ['a child director', actor('child-director'), /儿童主任.*无权导出/],
    ['a department officer', actor('department-officer'), /部门工作人员.*无权导出/],
    ['an auditor', actor('auditor'), /审计员.*无权导出/],
    ['an officer of another county', actor('civil-affairs-officer', ['371721']), /不在本人负责的区县范围内/],
  ])('refuses %s and audits the refusal', async (_why, who, message) => {
    const { service, store } = setup((pd) => [child(pd, 1)]);
    const error = await service.export('371702', who, '报送').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('permission-denied');
    expect((error as DomainError).message).toMatch(message);
    expect([...store.entries.values()].map((e) => e.action)).toEqual(['export-denied']);
  });

  it('requires a purpose', async () => {
    const { service, store } = setup((pd) => [child(pd, 1)]);
    await expect(service.export('371702', actor('civil-affairs-officer'), '')).rejects.toMatchObject({
      code: 'invalid-argument',
      field: 'purpose',
    });
    expect(store.entries.size).toBe(0);
  });

  it('follows a custom mapping: constants, other date format, all records, no formula guard', async () => {
    const mapping = parseExportMapping({
      version: 'custom',
      population: 'all',
      guardFormulas: false,
      columns: [
        { header: 'SFZH', source: 'idNumber' },
        { header: 'CSRQ', source: 'birthDate', dateFormat: 'YYYY-MM-DD' },
        { header: 'NL', source: 'age' },
        { header: 'SJLY', source: 'constant', value: '菏泽市民政局' },
        { header: 'QC', source: 'movedOut', codeTable: 'yn' },
        { header: 'QCRQ', source: 'movedOutOn' },
        { header: 'KJ', source: 'difficultyTypes' },
      ],
      codeTables: { yn: { true: 'Y', false: 'N' } },
    });
    const { service } = setup(
      (pd) => [
        child(pd, 1, {
          personal: { name: pd.seal('x'), hukouAddress: pd.seal('x'), residenceAddress: pd.seal('x') },
          missingIdNumber: true,
          movedOut: true,
          movedOutOn: '2025-02-01',
          determination: { isMigrant: false },
        }),
      ],
      mapping,
    );
    const csv = await text((await service.export('371702', actor('civil-affairs-officer'), '核对')).stream);
    expect(csv.slice(1).split('\r\n').slice(0, 2)).toEqual([
      'SFZH,CSRQ,NL,SJLY,QC,QCRQ,KJ',
      ',2015-05-01,9,菏泽市民政局,Y,2025-02-01,family-hardship;vagrancy',
    ]);
  });

  it('exports nothing but the header for a county without records, and still audits it', async () => {
    const { service, store } = setup(() => []);
    const file = await service.export('371702', actor('civil-affairs-officer'), '报送');
    expect(file.recordCount).toBe(0);
    expect((await text(file.stream)).split('\r\n')).toHaveLength(2);
    expect([...store.entries.values()][0]).toMatchObject({ action: 'export', recordCount: 0 });
  });
});
