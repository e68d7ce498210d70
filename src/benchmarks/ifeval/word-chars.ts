// Python's Unicode `\w` (str.isalnum() or "_": letters and numbers of any script, no combining
// marks) on UTF-16 strings, by code point.
const WORD_RE = /[\p{L}\p{N}]/u;
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII[c] = /[A-Za-z0-9_]/.test(String.fromCharCode(c)) ? 1 : 0;

export function isWordCodePoint(cp: number): boolean {
  if (cp < 128) return ASCII[cp] === 1;
  if (cp >= 0xd800 && cp <= 0xdfff) return false; // lone surrogate (category Cs)
  return WORD_RE.test(String.fromCodePoint(cp));
}

/** Whether the code point ending just before UTF-16 index `i` is a word character (false at 0). */
export function wordBefore(text: string, i: number): boolean {
  if (i <= 0) return false;
  const c = text.charCodeAt(i - 1);
  if (c < 128) return ASCII[c] === 1;
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = text.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return isWordCodePoint(0x10000 + ((h - 0xd800) << 10) + (c - 0xdc00));
  }
  return isWordCodePoint(c);
}

/** Whether the code point starting at UTF-16 index `i` is a word character (false at the end). */
export function wordAt(text: string, i: number): boolean {
  if (i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII[c] === 1;
  return isWordCodePoint(text.codePointAt(i)!);
}
