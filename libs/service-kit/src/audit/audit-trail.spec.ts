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
