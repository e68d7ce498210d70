// Character classes of the JSON grammar as Python's json module scans it (shared by the reader
// and the acceptance check): only space, tab, LF and CR are whitespace, digits and hex digits are ASCII.

/** Space, tab, LF or CR (Python's json whitespace; no BOM, no NBSP, no VT/FF). */
export function isJsonWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Index of the first non-whitespace character of `s` at or after `i`. */
export function skipJsonWs(s: string, i: number): number {
  while (i < s.length && isJsonWs(s.charCodeAt(i))) i++;
  return i;
}

/** ASCII 0-9. */
export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** ASCII hex digit. */
export function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
