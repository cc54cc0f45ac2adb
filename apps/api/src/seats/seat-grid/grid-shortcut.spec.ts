/** The shortcut keys answers by the session cookie exactly as sent: reading it must not mistake another cookie for it. */
import { rawCookie } from './grid-shortcut';

describe('rawCookie', () => {
  it('finds the cookie anywhere in the header, up to its semicolon', () => {
    expect(rawCookie('tessera.sid=s%3Aabc.sig', 'tessera.sid')).toBe('s%3Aabc.sig');
    expect(rawCookie('XSRF-TOKEN=t; tessera.sid=s%3Aabc.sig; other=1', 'tessera.sid')).toBe('s%3Aabc.sig');
    expect(rawCookie('XSRF-TOKEN=t;tessera.sid=v', 'tessera.sid')).toBe('v');
  });

  it('answers empty when the cookie is absent, also when another name ends with it', () => {
    expect(rawCookie(undefined, 'tessera.sid')).toBe('');
    expect(rawCookie('', 'tessera.sid')).toBe('');
    expect(rawCookie('xtessera.sid=forged; a=b', 'tessera.sid')).toBe('');
    expect(rawCookie('xtessera.sid=forged; tessera.sid=real', 'tessera.sid')).toBe('real');
  });

  it('takes the first of two cookies of the same name, as the session middleware does', () => {
    expect(rawCookie('tessera.sid=first; tessera.sid=second', 'tessera.sid')).toBe('first');
  });
});
