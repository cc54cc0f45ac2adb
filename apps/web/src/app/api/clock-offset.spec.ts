import { offsetFromDateHeader, offsetFromServerTime } from './clock-offset';

const browserNow = Date.parse('2026-12-22T10:00:00.000Z');

describe('offsetFromServerTime', () => {
  it('is the server time minus the browser time halfway through the request', () => {
    const serverTime = '2026-12-22T10:07:00.100Z'; // seven minutes ahead
    expect(offsetFromServerTime(serverTime, browserNow, browserNow + 200)).toBe(7 * 60_000);
  });

  it('is negative when the browser clock runs ahead of the server', () => {
    expect(offsetFromServerTime('2026-12-22T09:55:00.000Z', browserNow, browserNow)).toBe(-5 * 60_000);
  });

  it('gives nothing for a time that does not parse', () => {
    expect(offsetFromServerTime('yesterday', browserNow, browserNow)).toBeNull();
  });
});

describe('offsetFromDateHeader', () => {
  const header = 'Tue, 22 Dec 2026 10:07:00 GMT';

  it('keeps a precise offset the whole-second Date header agrees with', () => {
    const precise = 7 * 60_000 + 300;
    expect(offsetFromDateHeader(header, browserNow, precise)).toBe(precise);
  });

  it('replaces an offset the Date header proves wrong with the middle of its second', () => {
    expect(offsetFromDateHeader(header, browserNow, 0)).toBe(7 * 60_000 + 500);
  });

  it('starts from the Date header when no offset is known yet', () => {
    expect(offsetFromDateHeader(header, browserNow, null)).toBe(7 * 60_000 + 500);
  });

  it('keeps what it had when there is no usable Date header', () => {
    expect(offsetFromDateHeader(null, browserNow, 42)).toBe(42);
    expect(offsetFromDateHeader('not a date', browserNow, 42)).toBe(42);
  });
});
