/** The session cookie's signer: remembering a check must never turn a forged cookie into a valid one. */
import { Signer } from '@fastify/cookie';
import { RememberingSigner } from './sessions';

describe('RememberingSigner', () => {
  const secret = 'a-session-secret-of-at-least-32-characters';
  const signer = new RememberingSigner(secret);

  it('signs as @fastify/cookie signs, so cookies of either read the same', () => {
    expect(signer.sign('session-id')).toBe(new Signer(secret, 'sha256').sign('session-id'));
    expect(signer.unsign(new Signer(secret, 'sha256').sign('session-id'))).toMatchObject({ valid: true, value: 'session-id' });
  });

  it('refuses a cookie with another id or an altered signature, also after the genuine one was checked and remembered', () => {
    const genuine = signer.sign('id-1');
    expect(signer.unsign(genuine)).toMatchObject({ valid: true, value: 'id-1' });
    expect(signer.unsign(genuine)).toMatchObject({ valid: true, value: 'id-1' });
    const [, signature] = genuine.split('.');
    expect(signer.unsign(`id-2.${signature}`)).toMatchObject({ valid: false });
    expect(signer.unsign(`id-1.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`)).toMatchObject({ valid: false });
    expect(signer.unsign('id-1')).toMatchObject({ valid: false });
  });

  it('refuses a cookie signed with another secret', () => {
    expect(signer.unsign(new Signer('another-secret-of-at-least-32-characters', 'sha256').sign('id-1'))).toMatchObject({ valid: false });
  });
});
