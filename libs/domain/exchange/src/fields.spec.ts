import {
  ALL_FIELDS,
  CORE_FIELDS,
  FieldSelectionError,
  fullRecordOf,
  parseFieldSelection,
  selectFields,
  selectionList,
  SELECTABLE_FIELDS,
  type SelectableField,
} from './fields';
import { aRecord } from './test-records';

// The per-pair agreement of what a city shares with a partner (目的限定): written by hand in a
// peers file, so every way of writing it wrong must be refused, naming the field.

function problemsOf(names: readonly string[]): readonly string[] {
  try {
    parseFieldSelection(names);
  } catch (error) {
    if (error instanceof FieldSelectionError) return error.problems;
    throw error;
  }
  throw new Error('accepted');
}

const full = aRecord();

describe('the core and the selectable fields', () => {
  it('together are every field of the record, each once', () => {
    expect([...CORE_FIELDS, ...SELECTABLE_FIELDS].sort()).toEqual(Object.keys(full).sort());
  });
});

describe('parseFieldSelection', () => {
  it.each(SELECTABLE_FIELDS.map((f) => [f]))('accepts %s alone', (field) => {
    expect([...parseFieldSelection([field])]).toEqual([field]);
  });

  it('accepts every selectable field, in any order, and an empty list (the core fields only)', () => {
    expect(parseFieldSelection([...SELECTABLE_FIELDS].reverse())).toEqual(ALL_FIELDS);
    expect(parseFieldSelection([]).size).toBe(0);
  });

  it.each(CORE_FIELDS.map((f) => [f]))('refuses the core field %s (always sent, never agreed)', (field) => {
    expect(problemsOf(['name', field])).toEqual([
      `${field} 是必发字段（childRef、idNumberIndex、status、updatedAt 总是发送），不得列出`,
    ]);
  });

  it.each<[string, string]>([
    ['a field no record has', 'guardianPhone'],
    ['the ID number itself (only its index is ever exchanged)', 'idNumber'],
    ['a part of the hukou address (the address is agreed whole)', 'hukouAddress.detail'],
    ['another case', 'Name'],
    ['an empty name', ''],
    ['an inherited property name', 'toString'],
  ])('refuses %s', (_why, field) => {
    expect(problemsOf([field])).toEqual([
      `${field} 不是可选的交换字段（可选：name、birthDate、sex、guardianName、guardianRelation、hukouAddress、residenceDivisionCode、keyCare）`,
    ]);
  });

  it('refuses a field listed twice', () => {
    expect(problemsOf(['sex', 'name', 'sex'])).toEqual(['sex 重复']);
  });

  it('reports every problem at once, in the order written', () => {
    expect(problemsOf(['status', 'phone', 'name', 'name'])).toEqual([
      expect.stringMatching(/^status 是必发字段/),
      expect.stringMatching(/^phone 不是可选的交换字段/),
      'name 重复',
    ]);
    expect(() => parseFieldSelection(['phone'])).toThrow(/^phone 不是可选的交换字段/);
  });
});

describe('selectionList', () => {
  it("gives the agreement's fields in the record's order", () => {
    expect(selectionList(new Set<SelectableField>(['keyCare', 'name', 'hukouAddress']))).toEqual([
      'name',
      'hukouAddress',
      'keyCare',
    ]);
    expect(selectionList(ALL_FIELDS)).toEqual([...SELECTABLE_FIELDS]);
  });
});

describe('selectFields', () => {
  it('keeps everything when every field is agreed', () => {
    expect(selectFields(full, ALL_FIELDS)).toEqual(full);
  });

  it('keeps the core fields only when nothing is agreed', () => {
    expect(selectFields(full, new Set())).toEqual({
      childRef: full.childRef,
      idNumberIndex: full.idNumberIndex,
      status: full.status,
      updatedAt: full.updatedAt,
    });
  });

  it.each(SELECTABLE_FIELDS.map((f) => [f]))('with only %s agreed: the core fields and it', (field) => {
    const shared = selectFields(full, new Set([field]));
    expect(Object.keys(shared).sort()).toEqual([...CORE_FIELDS, field].sort());
    expect(shared[field]).toEqual(full[field]);
  });

  it.each(SELECTABLE_FIELDS.map((f) => [f]))(
    'with all but %s agreed: it is left out of the JSON, not blanked',
    (field) => {
      const shared = selectFields(full, new Set(SELECTABLE_FIELDS.filter((f) => f !== field)));
      expect(field in shared).toBe(false);
      expect(Object.keys(JSON.parse(JSON.stringify(shared)))).not.toContain(field);
      expect(Object.keys(shared)).toHaveLength(Object.keys(full).length - 1);
    },
  );

  it('keeps an agreed field absent when the record does not carry it (a record kept under a narrower agreement)', () => {
    const narrow = selectFields(full, new Set(['name']));
    expect(selectFields(narrow, ALL_FIELDS)).toEqual(narrow);
  });

  it('keeps an empty guardian as empty (a value, not a withheld field)', () => {
    const shared = selectFields(aRecord({ guardianName: '', guardianRelation: '' }), ALL_FIELDS);
    expect([shared.guardianName, shared.guardianRelation]).toEqual(['', '']);
  });
});

describe('fullRecordOf', () => {
  it('gives a record carrying every field back whole', () => {
    expect(fullRecordOf(selectFields(full, ALL_FIELDS))).toEqual(full);
  });

  it.each(SELECTABLE_FIELDS.map((f) => [f]))('gives nothing for a record without %s', (field) => {
    expect(fullRecordOf(selectFields(full, new Set(SELECTABLE_FIELDS.filter((f) => f !== field))))).toBe(
      undefined,
    );
  });
});
