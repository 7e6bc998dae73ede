import {
  ALL_FIELDS,
  parseSharedRecord,
  type ExchangeRecord,
  type SelectableField,
} from '@care/exchange-rules';
import { payloadFor, type StoredChildRecordPayload } from './child-record-payload';

// What leaves the residence city: the outbox's full record narrowed to the pair's agreement as it
// is sent, and what the partner's receiver accepts under the same agreement.

const record: ExchangeRecord = {
  childRef: 'child-1',
  idNumberIndex: `bi1:${'a'.repeat(64)}`,
  name: '王小明',
  birthDate: '2015-03-07',
  sex: 'male',
  guardianName: '王建国',
  guardianRelation: '51',
  hukouAddress: { divisionCode: '410102001', detail: '和平路12号' },
  residenceDivisionCode: '371702001',
  status: 'resident',
  keyCare: true,
  updatedAt: '2026-12-01T08:00:00.000Z',
};
const stored: StoredChildRecordPayload = { seq: 3, idNumber: '410102201503070021', record };

describe('payloadFor', () => {
  it('sends everything between cities that share every field', () => {
    expect(payloadFor(stored, ALL_FIELDS)).toEqual(stored);
  });

  it('leaves the withheld fields out of the JSON, keeps seq and the ID number, and the partner accepts it', () => {
    const fields = new Set<SelectableField>(['name', 'birthDate', 'sex', 'guardianRelation', 'hukouAddress']);
    const wire = JSON.parse(JSON.stringify(payloadFor(stored, fields))) as Record<string, unknown>;
    expect(Object.keys(wire)).toEqual(['seq', 'idNumber', 'record']);
    expect(Object.keys(wire['record'] as object).sort()).toEqual(
      ['childRef', 'idNumberIndex', 'status', 'updatedAt', ...fields].sort(),
    );
    expect(JSON.stringify(wire)).not.toMatch(/王建国|guardianName|keyCare|residenceDivisionCode/);
    expect(parseSharedRecord(wire['record'], { fields })).toEqual(payloadFor(stored, fields).record);
  });
});
