// Display masking (脱敏) for personal fields shown to people who may not see the full value.
// Masks hide the identifying part but keep enough for a worker to recognise a record they
// already know (the surname, the area code, the last digits of a phone).

const MASK = '*';

function chars(text: string): string[] {
  // Array.from splits by code point, so rare CJK characters outside the BMP count as one.
  return Array.from(text.trim());
}

/** Keeps the first character (usually the surname): 张三 -> 张*, 欧阳娜娜 -> 欧***. */
export function maskName(name: string): string {
  const c = chars(name);
  if (c.length === 0) return '';
  if (c.length === 1) return MASK;
  return c[0] + MASK.repeat(c.length - 1);
}

/**
 * Keeps the 6-digit address code and the last 4 characters (sequence tail and check character):
 * 371702201001011234 -> 371702********1234. The birth date is always hidden.
 */
export function maskIdNumber(idNumber: string): string {
  const c = chars(idNumber);
  if (c.length <= 10) return MASK.repeat(c.length);
  return c.slice(0, 6).join('') + MASK.repeat(c.length - 10) + c.slice(-4).join('');
}

/**
 * Keeps the first 3 and the last 4 digits, masking the digits between and keeping separators:
 * 13812345678 -> 138****5678, 0530-5551234 -> 053*-***1234. Under 8 digits everything but the
 * last 2 is hidden, since the full number would otherwise be nearly visible.
 */
export function maskPhone(phone: string): string {
  const c = chars(phone);
  const digitPositions = c.flatMap((ch, i) => (/[0-9]/.test(ch) ? [i] : []));
  const n = digitPositions.length;
  const [keepHead, keepTail] = n >= 8 ? [3, 4] : [0, Math.min(2, n)];
  const hidden = new Set(digitPositions.slice(keepHead, n - keepTail));
  return c.map((ch, i) => (hidden.has(i) ? MASK : ch)).join('');
}

const COUNTY_MARKERS = ['自治县', '自治旗', '区', '县', '旗'];
const TOWNSHIP_MARKERS = ['街道办事处', '街道', '民族乡', '苏木', '镇', '乡'];

function firstMarker(
  text: string,
  markers: readonly string[],
  from: number,
): { start: number; end: number } | undefined {
  let best: { start: number; end: number } | undefined;
  for (const m of markers) {
    // A marker needs at least one character before it to be a name's suffix (乡宁县 starts with 乡).
    let at = text.indexOf(m, Math.max(from, 1));
    while (at !== -1 && at - from < 1) at = text.indexOf(m, at + 1);
    if (
      at !== -1 &&
      (best === undefined || at < best.start || (at === best.start && at + m.length > best.end))
    ) {
      best = { start: at, end: at + m.length };
    }
  }
  return best;
}

/**
 * Keeps the address down to the township or street (乡镇/街道) and hides the rest (village,
 * road, house number): 山东省菏泽市牡丹区西城街道和平路12号 -> 山东省菏泽市牡丹区西城街道****.
 * Without a township it keeps the county; without either it hides everything. The tail is a
 * fixed mask so its length does not hint at the hidden part.
 */
export function maskAddress(address: string): string {
  const text = chars(address).join('');
  if (text.length === 0) return '';
  const county = firstMarker(text, COUNTY_MARKERS, 0);
  const township =
    (county && firstMarker(text, TOWNSHIP_MARKERS, county.end)) ?? firstMarker(text, TOWNSHIP_MARKERS, 0);
  const keepTo = township?.end ?? county?.end ?? 0;
  if (keepTo >= text.length) return text;
  return text.slice(0, keepTo) + MASK.repeat(4);
}
