import { chainHash, GENESIS_HASH, verifyEntries, type AuditEntry } from './audit-entry';

const key = Buffer.alloc(32, 9);

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const body = {
      seq,
      at: new Date(Date.UTC(2025, 2, 1, 0, 0, seq)),
      userId: `u${seq}`,
      role: 'civil-affairs-officer' as const,
      department: 'DEPARTMENT_CIVIL_AFFAIRS',
      action: 'reveal' as const,
      recordId: `child-${seq}`,
      field: 'idNumber',
      purpose: '核对身份',
      countyCode: '371702',
    };
    const hash = chainHash(key, prev, body);
    out.push({ ...body, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('verifyEntries', () => {
  it('accepts an intact chain and reports its head', async () => {
    const entries = chain(5);
    await expect(verifyEntries(key, entries)).resolves.toEqual({
      ok: true,
      checked: 5,
      lastSeq: 5,
      lastHash: entries[4]!.hash,
    });
  });

  it('accepts an empty trail', async () => {
    await expect(verifyEntries(key, [])).resolves.toEqual({
      ok: true,
      checked: 0,
      lastSeq: 0,
      lastHash: GENESIS_HASH,
    });
  });

  it('verifies a range that starts mid-chain', async () => {
    await expect(verifyEntries(key, chain(6).slice(2))).resolves.toMatchObject({ ok: true, checked: 4 });
  });

  it.each<[string, (e: AuditEntry[]) => AuditEntry[], number, string]>([
    [
      'a changed purpose',
      (e) => e.map((x) => (x.seq === 3 ? { ...x, purpose: '其他' } : x)),
      3,
      'hash-mismatch',
    ],
    [
      'a changed reader',
      (e) => e.map((x) => (x.seq === 2 ? { ...x, userId: 'someone-else' } : x)),
      2,
      'hash-mismatch',
    ],
    [
      'a changed time',
      (e) => e.map((x) => (x.seq === 4 ? { ...x, at: new Date(0) } : x)),
      4,
      'hash-mismatch',
    ],
    ['a removed entry', (e) => e.filter((x) => x.seq !== 3), 3, 'gap'],
    [
      'a removed first entry',
      (e) => e.filter((x) => x.seq !== 1).map((x) => (x.seq === 2 ? { ...x, seq: 1 } : x)),
      1,
      'prev-hash-mismatch',
    ],
    [
      'an entry re-hashed by someone without the chain key',
      (e) =>
        e.map((x) =>
          x.seq === 3
            ? {
                ...x,
                purpose: '其他',
                hash: chainHash(Buffer.alloc(32, 1), x.prevHash, { ...x, purpose: '其他' }),
              }
            : x,
        ),
      3,
      'hash-mismatch',
    ],
    [
      'an entry replaced and re-hashed with the key but the next one not re-chained',
      (e) =>
        e.map((x) =>
          x.seq === 3
            ? { ...x, purpose: '其他', hash: chainHash(key, x.prevHash, { ...x, purpose: '其他' }) }
            : x,
        ),
      4,
      'prev-hash-mismatch',
    ],
  ])('detects %s', async (_why, tamper, brokenAt, problem) => {
    await expect(verifyEntries(key, tamper(chain(5)))).resolves.toMatchObject({
      ok: false,
      brokenAt,
      problem,
    });
  });
});
