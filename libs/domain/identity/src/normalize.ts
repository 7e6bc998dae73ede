/**
 * The form ID numbers are stored and compared in: full-width digits and letters as typed by
 * Chinese input methods become half-width (NFKC), every kind of space (U+3000, NBSP, zero-width)
 * is removed, and a lowercase x becomes X.
 */
export function normalizeIdNumber(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/x/g, 'X');
}

/** A display form that hides the birth date and sequence, for screens and logs that need a hint only. */
export function maskIdNumber(idNumber: string): string {
  const id = normalizeIdNumber(idNumber);
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}
