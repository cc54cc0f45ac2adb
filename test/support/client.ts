/**
 * An HTTP client as a browser behaves: a cookie jar, and the CSRF cookie's current value sent back
 * in X-XSRF-TOKEN on every unsafe method (as Angular's HttpClient does).
 */
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class Client {
  readonly cookies = new Map<string, string>();

  constructor(public baseUrl: string) {}

  get<T = any>(path: string, headers: Record<string, string> = {}): Promise<Reply<T>> {
    return this.request<T>('GET', path, undefined, headers);
  }

  post<T = any>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    return this.request<T>('POST', path, body, headers);
  }

  patch<T = any>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    return this.request<T>('PATCH', path, body, headers);
  }

  async request<T = any>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { Accept: 'application/json', ...extra };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const xsrf = this.cookies.get('XSRF-TOKEN');
    if (UNSAFE.has(method) && xsrf && !('X-XSRF-TOKEN' in extra)) headers['X-XSRF-TOKEN'] = decodeURIComponent(xsrf);
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(cookie) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  /** Fetches a CSRF token, then logs in; throws unless the login succeeds. */
  async login(username: string, password: string): Promise<this> {
    await this.get('/api/csrf/');
    const reply = await this.post('/api/login/', { username, password });
    if (reply.status !== 200) throw new Error(`login ${username}: ${reply.status} ${reply.text}`);
    return this;
  }
}
