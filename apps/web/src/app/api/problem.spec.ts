import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { problemSentence, toProblem } from './problem';

function problemResponse(status: number, body: unknown): HttpErrorResponse {
  return new HttpErrorResponse({
    status,
    error: body,
    headers: new HttpHeaders({ 'Content-Type': 'application/problem+json' }),
    url: '/api/x',
  });
}

describe('toProblem', () => {
  it('reads code, detail and conflicts from a problem+json body', () => {
    const problem = toProblem(
      problemResponse(409, {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        code: 'seat_unavailable',
        detail: 'Seat A1 is locked by another user',
        conflicts: [{ seatId: 's1', label: 'A1', code: 'seat_unavailable' }],
      }),
    );
    expect(problem).toEqual({
      status: 409,
      code: 'seat_unavailable',
      detail: 'Seat A1 is locked by another user',
      conflicts: [{ seatId: 's1', label: 'A1', code: 'seat_unavailable' }],
      errors: [],
    });
  });

  it('keeps the field messages of a validation problem', () => {
    const problem = toProblem(
      problemResponse(400, { code: 'validation_failed', detail: 'Invalid body', errors: [{ field: 'password', message: 'too short' }] }),
    );
    expect(problem.errors).toEqual([{ field: 'password', message: 'too short' }]);
  });

  it('calls a response without a problem body by its status', () => {
    expect(toProblem(problemResponse(502, '<html>Bad gateway</html>')).code).toBe('http_502');
  });

  it('recognises a server that could not be reached', () => {
    expect(toProblem(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') })).code).toBe('network');
  });
});

describe('problemSentence', () => {
  it('shows the API’s own detail sentence', () => {
    const problem = toProblem(problemResponse(409, { code: 'seat_limit_reached', detail: 'You already hold 10 seats in this event.' }));
    expect(problemSentence(problem)).toBe('You already hold 10 seats in this event.');
  });

  it('falls back to a sentence chosen by code when there is no detail', () => {
    expect(problemSentence(toProblem(problemResponse(401, { code: 'invalid_credentials' })))).toBe(
      'That username and password do not match. Try again.',
    );
  });

  it('tells a person to check the connection when the server is unreachable', () => {
    expect(problemSentence(toProblem(new HttpErrorResponse({ status: 0 })))).toMatch(/could not be reached/);
  });

  it('still says something for a code it does not know', () => {
    expect(problemSentence(toProblem(problemResponse(418, { code: 'teapot' })))).toBe('Something went wrong (HTTP 418). Please try again.');
  });
});

describe('the box office\'s problem codes', () => {
  it.each([
    ['sales_closed', 'Sales for this event are closed at the moment; no seats can be held or reserved.'],
    ['event_cancelled', 'This event was cancelled; nothing about it can change any more.'],
    ['forbidden_self_change', 'You cannot disable your own account or drop your own admin role; ask another admin.'],
    ['account_disabled', 'This account has been disabled. Contact the box office.'],
  ])('reads %s as a sentence when the API sends no detail', (code, sentence) => {
    expect(problemSentence(toProblem(problemResponse(code === 'account_disabled' ? 403 : 409, { code })))).toBe(sentence);
  });

  it('prefers the API\'s detail for them too', () => {
    expect(problemSentence(toProblem(problemResponse(409, { code: 'forbidden_self_change', detail: 'You cannot drop your own admin role.' })))).toBe('You cannot drop your own admin role.');
  });
});
