// Records for this library's specs (not exported): a valid Heze-resident child whose hukou is
// in Zhengzhou, and blind indexes under a fixed pair key.
import { blindIndex } from '@care/crypto';
import type { ExchangeRecord } from './record';

const PAIR_KEY = Buffer.alloc(32, 7);

export function indexOf(idNumber: string): string {
  return `bi1:${blindIndex(idNumber, PAIR_KEY)}`;
}

export function aRecord(overrides: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return {
    childRef: 'child-01HZ000000000000000000',
    idNumberIndex: indexOf('410102201503070021'),
    name: '王小明',
    birthDate: '2015-03-07',
    sex: 'male',
    guardianName: '王建国',
    guardianRelation: '51',
    hukouAddress: { divisionCode: '410102001', detail: '和平路12号' },
    residenceDivisionCode: '371702001',
    status: 'resident',
    keyCare: false,
    updatedAt: '2025-05-30T09:00:00+08:00',
    ...overrides,
  };
}
