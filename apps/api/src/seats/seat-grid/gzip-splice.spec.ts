import fc from 'fast-check';
import { crc32, gunzipSync } from 'node:zlib';
import { crc32Combine, gzipOf, piece } from './gzip-splice';

describe('gzip bodies spliced from pieces compressed apart', () => {
  it('combines CRC-32s exactly as if the bytes had been read in one go', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.uint8Array({ maxLength: 3000 }), (a, b) => {
        const whole = crc32(Buffer.concat([Buffer.from(a), Buffer.from(b)]));
        expect(crc32Combine(crc32(Buffer.from(a)), crc32(Buffer.from(b)), b.length)).toBe(whole);
      }),
    );
  });

  it('gives a gzip body that any gunzip reads back as the pieces and the tail, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 400 }), { maxLength: 12 }), fc.string({ maxLength: 50 }), (texts, tail) => {
        const body = gzipOf(texts.map(piece), tail);
        expect(gunzipSync(body).toString('utf8')).toBe(texts.join('') + tail);
      }),
    );
  });

  it('reuses a piece in many bodies without compressing it again', () => {
    const seats = piece('[' + Array.from({ length: 500 }, (_, i) => `{"id":"A${i}","status":"available"}`).join(',') + ']');
    const one = gunzipSync(gzipOf([piece('{"seats":'), seats], ',"serverTime":"2026-12-01T10:00:00.000Z"}')).toString();
    const two = gunzipSync(gzipOf([piece('{"seats":'), seats], ',"serverTime":"2026-12-01T10:00:03.000Z"}')).toString();
    expect(JSON.parse(one).serverTime).toBe('2026-12-01T10:00:00.000Z');
    expect(JSON.parse(two).seats).toHaveLength(500);
  });
});
