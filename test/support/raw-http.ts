/** Requests sent exactly as written, for tests of what a browser or a kind client would never send. */
import { Agent, request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

export interface Raw {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One raw request: the path (any request target: absolute form, any case), headers and body go out exactly as given. */
export function sendRaw(url: string, raw: Raw, agent?: Agent): Promise<Answer> {
  const { hostname, port } = new URL(url);
  // Content-Length always: without it Node sends a GET's body bare, which the server reads as the next request.
  const headers = raw.body === undefined ? raw.headers : { ...raw.headers, 'Content-Length': String(raw.body.length) };
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method: raw.method, path: raw.path, headers, agent, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        let body = Buffer.concat(chunks);
        const encoding = String(res.headers['content-encoding'] ?? '');
        if (body.length && encoding === 'gzip') body = gunzipSync(body);
        else if (body.length && encoding === 'br') body = brotliDecompressSync(body);
        else if (body.length && encoding === 'deflate') body = inflateSync(body);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: body.toString('utf8') });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within 30 s to ${raw.method} ${raw.path}`)));
    req.on('error', reject);
    req.end(raw.body);
  });
}
