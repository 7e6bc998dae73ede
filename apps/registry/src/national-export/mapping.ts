import { z } from 'zod';
import { DIFFICULTY_TYPES } from '@care/child-rules';
import { PERSONAL_FIELDS } from '../auth/permissions';

// The field mapping of the CSV for the national child welfare information system
// (全国儿童福利信息系统). No public specification of its import format exists, so the mapping
// is configuration: output columns in order, each naming a source field of the registry and a
// transform. The default below is a documented proposal (docs/national-export.md), to be
// replaced by the format the Ministry of Civil Affairs confirms.

/** Registry fields a column may draw on. Personal ones are opened (and the export audited). */
export const EXPORT_SOURCES = [
  'childId',
  'name', // personal
  'idNumber', // personal
  'sex',
  'birthDate',
  'age', // completed years on the export date
  'hukouDivisionCode',
  'hukouAddress', // personal
  'countyCode',
  'townshipCode',
  'residenceDivisionCode', // the current residence period's division
  'residenceAddress', // personal
  'movedInOn', // the current residence period's move-in date
  'isMigrant',
  'difficultyTypes',
  'askedForHelp',
  'guardianName', // personal, first guardian
  'guardianRelation', // first guardian
  'guardianPhone', // personal, first guardian
  'school',
  'grade',
  'movedOut',
  'movedOutOn',
  'lastVerifiedOn',
  'missingIdNumber',
  'constant',
] as const;
export type ExportSource = (typeof EXPORT_SOURCES)[number];

/** The closed value sets a code table must cover completely. */
export const ENUMERATED_SOURCES: Partial<Record<ExportSource, readonly string[]>> = {
  sex: ['male', 'female'],
  difficultyTypes: DIFFICULTY_TYPES,
  isMigrant: ['true', 'false'],
  askedForHelp: ['true', 'false'],
  movedOut: ['true', 'false'],
  missingIdNumber: ['true', 'false'],
};

const DATE_SOURCES: readonly ExportSource[] = ['birthDate', 'movedInOn', 'movedOutOn', 'lastVerifiedOn'];

const columnSchema = z
  .object({
    /** The output column name (the national system's field name). */
    header: z.string().min(1).max(64),
    source: z.enum(EXPORT_SOURCES),
    /** For `constant`: the fixed value. */
    value: z.string().max(200).optional(),
    /** A code table name from `codeTables`: registry value -> national code. */
    codeTable: z.string().min(1).optional(),
    /** For dates: `YYYY-MM-DD` (as stored) or `YYYYMMDD`. */
    dateFormat: z.enum(['YYYY-MM-DD', 'YYYYMMDD']).optional(),
    /** For lists (difficultyTypes): the separator between codes. */
    join: z.string().min(1).max(3).optional(),
  })
  .strict();

export const exportMappingSchema = z
  .object({
    /** Which edition of the mapping this is; written nowhere in the CSV, kept for the operator. */
    version: z.string().min(1),
    population: z.enum(['migrant', 'all']).default('migrant'),
    /** Prefix cells starting with = + - @ with ' so a spreadsheet does not run them as formulas. */
    guardFormulas: z.boolean().default(true),
    columns: z.array(columnSchema).min(1).max(200),
    codeTables: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    const headers = new Set<string>();
    mapping.columns.forEach((column, i) => {
      const at = ['columns', i];
      if (headers.has(column.header))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [...at, 'header'],
          message: `重复的列名 / duplicate column "${column.header}"`,
        });
      headers.add(column.header);
      if (column.source === 'constant' && column.value === undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [...at, 'value'],
          message: '常量列须有 value / a constant column needs a value',
        });
      }
      if (column.dateFormat !== undefined && !DATE_SOURCES.includes(column.source)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [...at, 'dateFormat'],
          message: `dateFormat 只用于日期字段 / only for date sources`,
        });
      }
      if (column.join !== undefined && column.source !== 'difficultyTypes') {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [...at, 'join'],
          message: 'join 只用于 difficultyTypes / only for difficultyTypes',
        });
      }
      if (column.codeTable !== undefined) {
        const table = mapping.codeTables[column.codeTable];
        const domain = ENUMERATED_SOURCES[column.source];
        if (table === undefined) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [...at, 'codeTable'],
            message: `未定义的代码表 / unknown code table "${column.codeTable}"`,
          });
        } else if (domain === undefined) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [...at, 'codeTable'],
            message: `字段 ${column.source} 不是枚举，不能用代码表 / not an enumerated source`,
          });
        } else {
          const missing = domain.filter((v) => table[v] === undefined);
          if (missing.length > 0) {
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              path: ['codeTables', column.codeTable],
              message: `代码表缺少取值 / code table lacks: ${missing.join(', ')}`,
            });
          }
        }
      }
    });
  });

export type ExportMapping = z.output<typeof exportMappingSchema>;
export type ExportColumn = ExportMapping['columns'][number];

export class ExportMappingError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`national export mapping is invalid:\n  ${problems.join('\n  ')}`);
    this.name = 'ExportMappingError';
  }
}

/** Validates a mapping (e.g. parsed from a JSON file); throws at boot with every problem listed. */
export function parseExportMapping(json: unknown): ExportMapping {
  const result = exportMappingSchema.safeParse(json);
  if (!result.success)
    throw new ExportMappingError(
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  return result.data;
}

/**
 * The default mapping: a proposal modelled on the fields of the national children's information
 * forms; NOT an official format (none is public). Sex codes follow GB/T 2261.1-2003 (1 男, 2 女);
 * division codes are GB/T 2260; the difficulty-type codes 01..06 are our own numbering.
 */
export const DEFAULT_NATIONAL_MAPPING: ExportMapping = parseExportMapping({
  version: 'proposal-2025-03',
  population: 'migrant',
  guardFormulas: true,
  columns: [
    { header: '儿童姓名', source: 'name' },
    { header: '公民身份号码', source: 'idNumber' },
    { header: '性别', source: 'sex', codeTable: 'sex' },
    { header: '出生日期', source: 'birthDate', dateFormat: 'YYYYMMDD' },
    { header: '户籍地行政区划代码', source: 'hukouDivisionCode' },
    { header: '户籍地址', source: 'hukouAddress' },
    { header: '居住地行政区划代码', source: 'residenceDivisionCode' },
    { header: '现居住地址', source: 'residenceAddress' },
    { header: '流入日期', source: 'movedInOn', dateFormat: 'YYYYMMDD' },
    { header: '是否流动儿童', source: 'isMigrant', codeTable: 'yesNo' },
    { header: '困境类型', source: 'difficultyTypes', codeTable: 'difficultyType', join: ';' },
    { header: '主动提出救助帮扶需求', source: 'askedForHelp', codeTable: 'yesNo' },
    { header: '监护人姓名', source: 'guardianName' },
    { header: '与监护人关系', source: 'guardianRelation' },
    { header: '监护人联系电话', source: 'guardianPhone' },
    { header: '就读学校', source: 'school' },
    { header: '年级', source: 'grade' },
    { header: '迁出日期', source: 'movedOutOn', dateFormat: 'YYYYMMDD' },
    { header: '最近核实日期', source: 'lastVerifiedOn', dateFormat: 'YYYYMMDD' },
    { header: '填报单位行政区划代码', source: 'countyCode' },
    { header: '系统记录编号', source: 'childId' },
  ],
  codeTables: {
    sex: { male: '1', female: '2' },
    yesNo: { true: '1', false: '0' },
    difficultyType: {
      'family-hardship': '01',
      disability: '02',
      'lack-of-guardianship': '03',
      vagrancy: '04',
      'psychological-behavioural': '05',
      'cross-township-help-request': '06',
    },
  },
});

/** The personal fields a mapping reads (what must be opened, and why the export is audited). */
export function personalSourcesOf(mapping: ExportMapping): ExportSource[] {
  const personal: readonly ExportSource[] = PERSONAL_FIELDS;
  return [...new Set(mapping.columns.map((c) => c.source).filter((s) => personal.includes(s)))];
}
