import { DomainError } from '@care/errors';
import { AuditTrail } from './audit-trail';
import { InMemoryAuditStore } from './in-memory-audit-store';

const input = {
  userId: 'u1',
  role: 'civil-affairs-officer' as const,
  department: 'DEPARTMENT_CIVIL_AFFAIRS',
  action: 'reveal' as const,
  recordId: 'child-1',
  field: 'name',
  purpose: '  入户走访核对  ',
  countyCode: '371702',
};

describe('AuditTrail', () => {
  const key = Buffer.alloc(32, 4);
  const clock = { now: () => new Date('2025-03-01T02:00:00Z') };

  it('chains entries from seq 1 and trims the purpose', async () => {
    const store = new InMemoryAuditStore();
    const trail = new AuditTrail(store, key, clock);
    const a = await trail.record(input);
    const b = await trail.record({ ...input, recordId: 'child-2' });
    expect(a).toMatchObject({ seq: 1, purpose: '入户走访核对' });
    expect(b.seq).toBe(2);
    expect(b.prevHash).toBe(a.hash);
    await expect(trail.verifyChain()).resolves.toMatchObject({ ok: true, checked: 2 });
    await expect(trail.head()).resolves.toEqual({ seq: 2, hash: b.hash });
  });

  it('does not fork when many writers append at once', async () => {
    const store = new InMemoryAuditStore();
    const trail = new AuditTrail(store, key, clock);
    const written = await Promise.all(
      Array.from({ length: 20 }, (_, i) => trail.record({ ...input, recordId: `child-${i}` })),
    );
    expect(new Set(written.map((e) => e.seq)).size).toBe(20);
    expect(store.entries.size).toBe(20);
    await expect(trail.verifyChain()).resolves.toMatchObject({ ok: true, checked: 20 });
  });

  it('writes the entries recorded meanwhile together: 200 entries in a handful of round trips', async () => {
    const store = new InMemoryAuditStore();
    const trail = new AuditTrail(store, key, clock);
    await Promise.all(Array.from({ length: 200 }, (_, i) => trail.record({ ...input, recordId: `c-${i}` })));
    // One write for the first entry, then batches of at most 64 of those queued behind it.
    expect(store.appends).toBeLessThanOrEqual(5);
    expect([...store.entries.keys()].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    await expect(trail.verifyChain()).resolves.toMatchObject({ ok: true, checked: 200 });
  });

  it('two processes on one store interleave without forking: the loser re-chains on the new head', async () => {
    const store = new InMemoryAuditStore();
    const [a, b] = [new AuditTrail(store, key, clock), new AuditTrail(store, key, clock)];
    const written = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).record({ ...input, recordId: `c-${i}` })),
    );
    expect(new Set(written.map((e) => e.seq)).size).toBe(60);
    // Each caller got the entry that is stored under its seq (not one a re-chain replaced).
    for (const entry of written) expect(store.entries.get(entry.seq)).toEqual(entry);
    await expect(a.verifyChain()).resolves.toMatchObject({ ok: true, checked: 60 });
    // Each trail goes on writing after the other's entries.
    const next = await b.record(input);
    expect(next.seq).toBe(61);
    expect((await a.record(input)).seq).toBe(62);
  });

  it('rejects every entry of a batch the store could not write, and writes on afterwards', async () => {
    const store = new InMemoryAuditStore();
    const trail = new AuditTrail(store, key, clock);
    const append = store.append.bind(store);
    store.append = async () => {
      throw new Error('database down');
    };
    const failed = await Promise.allSettled([trail.record(input), trail.record(input)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(store.entries.size).toBe(0);
    store.append = append;
    await expect(trail.record(input)).resolves.toMatchObject({ seq: 1 });
  });

  it.each([
    ['an empty purpose', ''],
    ['a one-character purpose', '查'],
    ['a purpose over 200 characters', '查'.repeat(201)],
  ])('refuses %s with a Chinese message naming purpose', async (_why, purpose) => {
    const trail = new AuditTrail(new InMemoryAuditStore(), key, clock);
    const error = await trail.record({ ...input, purpose }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).field).toBe('purpose');
    expect((error as DomainError).message).toContain('用途');
  });

  it('detects an entry modified in the store', async () => {
    const store = new InMemoryAuditStore();
    const trail = new AuditTrail(store, key, clock);
    for (let i = 0; i < 3; i += 1) await trail.record(input);
    store.entries.set(2, { ...store.entries.get(2)!, field: 'idNumber' });
    await expect(trail.verifyChain()).resolves.toMatchObject({
      ok: false,
      brokenAt: 2,
      problem: 'hash-mismatch',
    });
  });
});
