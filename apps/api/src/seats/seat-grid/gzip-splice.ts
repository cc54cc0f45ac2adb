/**
 * Gzip bodies assembled from pieces compressed once: each piece is a raw DEFLATE run ended by a
 * full flush (byte-aligned, not final, no back-references into it from what follows), so pieces
 * compressed at different times can be laid end to end in one valid stream. The gzip trailer's
 * CRC-32 is combined from the pieces' own CRCs (crc32Combine), so assembling a 1 MB body costs a
 * few buffer copies, not a compression. This is how the seat grid is served near the speed of a
 * static file while its serverTime is always fresh and each viewer's own seats read `mine`.
 */
import type { ServerResponse } from 'node:http';
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface Piece {
  /** Raw DEFLATE, ended by a full flush (not final). */
  deflated: Buffer;
  crc: number;
  length: number;
}

export function piece(text: string): Piece {
  const raw = Buffer.from(text, 'utf8');
  return { deflated: deflateRawSync(raw, { level: 6, finishFlush: constants.Z_FULL_FLUSH }), crc: crc32(raw), length: raw.length };
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/** The start of a gzip member (header and pieces), with the CRC-32 and length of what it holds: to be ended by `ended`. */
export interface GzipStart {
  bytes: Buffer;
  crc: number;
  length: number;
}

export function gzipStart(pieces: readonly Piece[]): GzipStart {
  let crc = 0;
  let length = 0;
  for (const p of pieces) {
    crc = crc32Combine(crc, p.crc, p.length);
    length += p.length;
  }
  return { bytes: Buffer.concat([GZIP_HEADER, ...pieces.map((p) => p.deflated)]), crc, length };
}

/**
 * The whole member as two buffers to send one after the other: `start` as it is (shared, never
 * copied per answer), then `tail` compressed as the final block with the trailer.
 */
export function ended(start: GzipStart, tail: string): [Buffer, Buffer] {
  const tailRaw = Buffer.from(tail, 'utf8');
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(tailRaw, start.crc) >>> 0, 0);
  trailer.writeUInt32LE((start.length + tailRaw.length) >>> 0, 4);
  return [start.bytes, Buffer.concat([deflateRawSync(tailRaw), trailer])];
}

/** A gzip member: the pieces in order, then `tail` compressed as the final block. */
export function gzipOf(pieces: readonly Piece[], tail: string): Buffer {
  return Buffer.concat(ended(gzipStart(pieces), tail));
}

/** Sends a body made of parts (a gzip member from `ended`) with its Content-Length, copying none of them. */
export function sendParts(res: ServerResponse, parts: readonly Buffer[]): void {
  res.setHeader('Content-Length', partsLength(parts));
  writeParts(res, parts);
}

export const partsLength = (parts: readonly Buffer[]): number => parts.reduce((n, p) => n + p.length, 0);

/** Writes the parts as the whole body (its head already set) in one go, copying none of them. */
export function writeParts(res: ServerResponse, parts: readonly Buffer[]): void {
  res.cork();
  for (const part of parts.slice(0, -1)) res.write(part);
  res.end(parts[parts.length - 1]);
  res.uncork();
}

// CRC-32 combination (zlib's crc32_combine, x^(2^n) method): the CRC of A+B from CRC(A), CRC(B) and |B|.
const POLY = 0xedb88320;

function multmodp(a: number, b: number): number {
  let m = 1 << 31;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

const X2N: number[] = [];
X2N[0] = 1 << 30; // x^1
for (let k = 1; k < 32; k++) X2N[k] = multmodp(X2N[k - 1], X2N[k - 1]);

function x2nmodp(n: number, k: number): number {
  let p = 1 << 31; // x^0
  while (n) {
    if (n & 1) p = multmodp(X2N[k & 31], p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}

export function crc32Combine(crc1: number, crc2: number, length2: number): number {
  return (multmodp(x2nmodp(length2, 3), crc1) ^ crc2) >>> 0;
}
