import { inflateRawSync } from 'node:zlib';

// The import shows progress against a total, but the workbook codec streams rows one by one and
// learns the count only at the end. An .xlsx is a zip of XML parts; reading the first sheet's
// part and listing its non-empty <row> elements gives the count in milliseconds, without a
// second full parse. Only what that needs of the zip format is read (no ZIP64, no encryption).

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

function centralDirectory(zip: Buffer): ZipEntry[] {
  const minEocd = 22;
  let eocd = -1;
  for (let i = zip.length - minEocd; i >= Math.max(0, zip.length - minEocd - 0xffff); i -= 1) {
    if (zip.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return [];
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count && at + 46 <= zip.length; i += 1) {
    if (zip.readUInt32LE(at) !== CENTRAL_SIGNATURE) break;
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localHeaderOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function entryData(zip: Buffer, entry: ZipEntry): Buffer | undefined {
  const at = entry.localHeaderOffset;
  if (zip.readUInt32LE(at) !== LOCAL_SIGNATURE) return undefined;
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data);
  return undefined;
}

const ROW = /<row\b[^>]*\br="(\d+)"[^>]*?(\/?)>/g;

/**
 * The numbers of the rows of the workbook's first worksheet that hold at least one cell value,
 * ascending; undefined when the file cannot be read this way (the import then shows no total).
 */
export function nonEmptySheetRows(xlsx: Buffer): number[] | undefined {
  try {
    const sheets = centralDirectory(xlsx)
      .filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name))
      .sort((a, b) => Number(/\d+/.exec(a.name.slice(14))?.[0]) - Number(/\d+/.exec(b.name.slice(14))?.[0]));
    const first = sheets[0];
    if (first === undefined) return undefined;
    const xml = entryData(xlsx, first)?.toString('utf8');
    if (xml === undefined) return undefined;
    const rows: number[] = [];
    ROW.lastIndex = 0;
    for (let m = ROW.exec(xml); m !== null; m = ROW.exec(xml)) {
      if (m[2] === '/') continue; // <row r="5"/>: no cells
      const end = xml.indexOf('</row>', ROW.lastIndex);
      const body = xml.slice(ROW.lastIndex, end < 0 ? undefined : end);
      if (/<v>[^<]|<t[^>]*>[^<]*\S/.test(body)) rows.push(Number(m[1]));
    }
    return rows;
  } catch {
    return undefined;
  }
}
