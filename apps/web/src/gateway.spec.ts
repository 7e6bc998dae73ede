import { RESOLUTIONS, canResolveTasks, checkResolution, resolutionLabel } from './gateway';

describe('comparison tasks in the UI (as the gateway decides)', () => {
  it('offers exactly the gateway’s four conclusions', () => {
    expect(RESOLUTIONS).toEqual(['ours-correct', 'theirs-correct', 'corrected', 'no-action']);
    for (const r of RESOLUTIONS) expect(checkResolution(r)).toBeNull();
    expect(checkResolution('')).toBe('请选择处理结论：哪一方的记录正确');
    expect(checkResolution('whatever')).toBe('请选择处理结论：哪一方的记录正确');
  });

  it('labels a resolution, keeping one it does not know as it is', () => {
    expect(resolutionLabel('ours-correct')).toBe('本市记录正确');
    expect(resolutionLabel('theirs-correct')).toBe('对方记录正确（已告知对方）');
    expect(resolutionLabel('superseded')).toBe('superseded');
    expect(resolutionLabel(null)).toBe('');
  });

  it('civil-affairs officers and admins only', () => {
    expect(canResolveTasks('civil-affairs-officer')).toBe(true);
    expect(canResolveTasks('civil-affairs-admin')).toBe(true);
    for (const role of ['child-director', 'department-officer', 'auditor'])
      expect(canResolveTasks(role)).toBe(false);
  });
});
