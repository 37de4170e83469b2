/** Moves `end` back so that it does not split a UTF-8 sequence or a CR LF pair. */
export function chunkEnd(bytes: Uint8Array, start: number, end: number): number {
  let e = end;
  // At most three continuation bytes belong to the character that starts before them.
  for (let k = 0; k < 3 && e > start && (bytes[e] & 0xc0) === 0x80; k++) e--;
  // saxes carries a trailing CR over to the next chunk, which would shift its positions.
  if (e > start + 1 && bytes[e - 1] === 0x0d) e--;
  return e > start ? e : end;
}

/** Offset of the first byte that does not start a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = bytes[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let cp: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [n, cp, min] = [1, c & 0x1f, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, cp, min] = [2, c & 0x0f, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, cp, min] = [3, c & 0x07, 0x10000];
    else return i;
    for (let k = 1; k <= n; k++) {
      const d = bytes[i + k];
      if (i + k >= end || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/** Number of LF bytes in a range (to keep line numbers right across skipped or stripped bytes). */
export function countNewlines(bytes: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a, start); i !== -1 && i < end; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}
