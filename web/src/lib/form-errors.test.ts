import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import { errorText, fieldErrorsOf } from './form-errors.ts';

describe('fieldErrorsOf', () => {
  it('names fields as the body does and keeps the first message per field', () => {
    expect(
      fieldErrorsOf([
        { path: 'body.currentPassword', message: 'not correct' },
        { path: 'roles.1.siteId', message: 'required' },
        { path: 'body.roles.1.siteId', message: 'second message' },
        { path: 'newPassword', message: 'expected 12 to 256 characters' },
      ]),
    ).toEqual({
      currentPassword: 'not correct',
      'roles.1.siteId': 'required',
      newPassword: 'expected 12 to 256 characters',
    });
  });
});

describe('errorText', () => {
  it("gives the server's message, and says the list was reloaded after a version conflict", () => {
    expect(errorText(new ApiError(403, 'forbidden', 'this needs the role admin'))).toBe(
      'this needs the role admin',
    );
    expect(errorText(new ApiError(409, 'conflict', 'user was changed by someone else'))).toBe(
      'user was changed by someone else. The list was reloaded: check the current values and try again.',
    );
  });

  it('explains a network failure and a non-JSON answer', () => {
    expect(errorText(new TypeError('Failed to fetch'))).toMatch(/could not be reached/);
    expect(errorText(new SyntaxError('Unexpected token <'))).toMatch(/not JSON/);
    expect(errorText('plain')).toBe('plain');
  });
});
