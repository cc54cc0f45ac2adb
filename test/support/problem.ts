/** Assertions on problem+json answers (api.md "General rules"). */
import type { Reply } from './client';

/** Traces of internals that no answer may carry: stack frames, source paths, module names. */
export const INTERNALS = /\n\s+at |\bat [\w.<>]+ \(|node_modules|\.(ts|js):\d+|apps\/api|libs\/|SQLITE_|sqlite/i;

/** The answer is an RFC 9457 problem with this status and code, a sentence a person can act on, and no internals. */
export function expectProblem(reply: Reply, status: number, code: string): void {
  const summary = `${reply.status} ${reply.text}`;
  expect({ status: reply.status, code: reply.body?.code, summary }).toEqual({ status, code, summary });
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(reply.body).toEqual(
    expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), code }),
  );
  expect(reply.body.detail.length).toBeGreaterThan(0);
  expect(reply.text).not.toMatch(INTERNALS);
}

/** A 400 validation_failed whose `errors` name these fields (and each has a message). */
export function expectValidation(reply: Reply, ...fields: string[]): void {
  expectProblem(reply, 400, 'validation_failed');
  expect(Array.isArray(reply.body.errors)).toBe(true);
  for (const error of reply.body.errors) expect(error).toEqual({ field: expect.any(String), message: expect.any(String) });
  const named = reply.body.errors.map((e: { field: string }) => e.field);
  for (const field of fields) expect(named).toContainEqual(expect.stringMatching(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}`)));
}
