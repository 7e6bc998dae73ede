import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

// exceljs 4.4.0's streaming reader decodes every inflated zip chunk to text on its own, so a
// Chinese character (3 bytes in UTF-8) that straddles two chunks becomes two U+FFFD: about one
// cell in a few thousand of a real ledger comes out garbled (exceljs issues #2084, #2316; the
// fix PRs are unmerged). This reader hands exceljs text instead of bytes, decoded with a
// StringDecoder that carries partial characters over to the next chunk; exceljs passes
// strings through untouched. The hooks are exceljs internals: the registry's ledger workbook.spec.ts reads thousands
// of Chinese cells through both paths (inline and shared strings) to catch a change.

interface WorkbookReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<unknown>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
}

const base = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as WorkbookReaderInternals;

async function* decodeUtf8(chunks: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    if (text !== '') yield text;
  }
  const tail = decoder.end();
  if (tail !== '') yield tail;
}

export class Utf8SafeWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<unknown> {
    return base._parseWorksheet.call(this, decodeUtf8(iterator), sheetNo);
  }

  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown> {
    // A Readable with an encoding set decodes with a StringDecoder too.
    entry.setEncoding('utf8');
    return base._parseSharedStrings.call(this, entry);
  }
}
