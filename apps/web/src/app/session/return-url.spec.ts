import { safeReturnUrl } from './return-url';

describe('safeReturnUrl', () => {
  it('goes back to a page of this app', () => {
    expect(safeReturnUrl('/events/e1')).toBe('/events/e1');
  });

  it('refuses other sites and anything that is not a path', () => {
    expect(safeReturnUrl('//evil.example/x')).toBe('/events');
    expect(safeReturnUrl('/\\evil.example')).toBe('/events');
    expect(safeReturnUrl('https://evil.example')).toBe('/events');
    expect(safeReturnUrl(undefined)).toBe('/events');
  });
});
