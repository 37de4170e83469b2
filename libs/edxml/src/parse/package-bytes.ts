/** Input of the parsers: a Buffer, or any Uint8Array (wrapped without copying). */
export type PackageBytes = Buffer | Uint8Array;

/** The input as a Buffer over the same memory. */
export function asBuffer(bytes: PackageBytes): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
