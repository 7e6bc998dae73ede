import { issuesOf, OUTCOME_TEXT, toJobView } from './import.controller';
import type { ImportErrorRecord, ImportJobRecord } from './import-job.types';

const job: ImportJobRecord = {
  _id: '01JOB',
  countyCode: '371702',
  status: 'succeeded',
  createdBy: 'u',
  createdAt: new Date('2025-06-01T00:00:00Z'),
  finishedAt: new Date('2025-06-01T00:01:00Z'),
  fileSha256: 'x',
  fileBytes: 1,
  residentSince: '2024-12-01',
  total: 3,
  processed: 3,
  stored: 1,
  updated: 0,
  duplicates: 0,
  failed: 1,
  incomplete: 1,
  completed: 0,
  warned: 1,
  keyCareAdded: 0,
  keyCareChanged: 0,
  updatedAt: new Date(),
};

const report: ImportErrorRecord[] = [
  {
    _id: '01JOB:3',
    jobId: '01JOB',
    countyCode: '371702',
    rowNumber: 3,
    errors: [],
    warnings: [{ column: '年龄', reason: '已按身份证号保存' }],
  },
  {
    _id: '01JOB:4',
    jobId: '01JOB',
    countyCode: '371702',
    rowNumber: 4,
    errors: [],
    incomplete: [{ column: '身份证号', reason: '未填写，已存为待补录' }],
    warnings: [{ column: '儿童姓名', reason: '含多余的空格' }],
  },
  {
    _id: '01JOB:5',
    jobId: '01JOB',
    countyCode: '371702',
    rowNumber: 5,
    errors: [{ column: '儿童姓名', reason: '未填写' }],
  },
];

describe('issuesOf (one report row -> the lines of the job summary)', () => {
  it('lists refusals, then what is missing, then corrections, each with its outcome in Chinese', () => {
    expect(issuesOf(report[1])).toEqual([
      {
        rowNumber: 4,
        level: 'incomplete',
        outcome: '已存为待补录',
        column: '身份证号',
        reason: '未填写，已存为待补录',
      },
      {
        rowNumber: 4,
        level: 'warning',
        outcome: '已导入（已自动更正）',
        column: '儿童姓名',
        reason: '含多余的空格',
      },
    ]);
    expect(issuesOf(report[2])).toEqual([
      { rowNumber: 5, level: 'error', outcome: '未导入', column: '儿童姓名', reason: '未填写' },
    ]);
  });
  it('tolerates a row stored before the report had errors (absent arrays)', () => {
    expect(issuesOf({ ...report[0], errors: undefined as never, warnings: undefined })).toEqual([]);
  });
  it('has a Chinese outcome for every level', () => {
    for (const text of Object.values(OUTCOME_TEXT)) expect(text).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('toJobView', () => {
  it('shows the counts, the report link and the issues when any row was refused, incomplete or corrected', () => {
    const view = toJobView(job, report);
    expect(view).toMatchObject({ stored: 1, failed: 1, incomplete: 1, completed: 0, warned: 1 });
    expect(view.errorReportUrl).toBe('/api/v1/imports/01JOB/errors.xlsx');
    expect(view.issues?.map((i) => [i.rowNumber, i.level])).toEqual([
      [3, 'warning'],
      [4, 'incomplete'],
      [4, 'warning'],
      [5, 'error'],
    ]);
  });
  it('gives a report link for warnings or incompletes alone', () => {
    expect(toJobView({ ...job, failed: 0, incomplete: 0, warned: 1 }).errorReportUrl).toBeDefined();
    expect(toJobView({ ...job, failed: 0, incomplete: 1, warned: 0 }).errorReportUrl).toBeDefined();
  });
  it('has no report for a clean job, and reads jobs stored before the new counters as zero', () => {
    const clean = { ...job, failed: 0, incomplete: 0, warned: 0 };
    expect(toJobView(clean).errorReportUrl).toBeUndefined();
    expect(toJobView(clean).issues).toBeUndefined();
    const old = { ...clean } as Partial<ImportJobRecord>;
    delete old.incomplete;
    delete old.warned;
    delete old.completed;
    expect(toJobView(old as ImportJobRecord)).toMatchObject({ incomplete: 0, warned: 0, completed: 0 });
  });
  it('lists at most 100 issues (the report has them all)', () => {
    const many: ImportErrorRecord[] = Array.from({ length: 150 }, (_, i) => ({
      ...report[2],
      _id: `01JOB:${i + 3}`,
      rowNumber: i + 3,
    }));
    expect(toJobView(job, many).issues).toHaveLength(100);
  });
});
