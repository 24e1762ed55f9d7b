import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import { errorText, fieldErrorsOf, formFailureOf, isConflict } from './form-errors.ts';

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

describe('formFailureOf', () => {
  it("gives the alert's sentence and the server's field errors by field name", () => {
    const caught = new ApiError(400, 'invalid', 'invalid input', [
      { path: 'body.username', message: 'already taken' },
      { path: 'roles.0.siteId', message: 'required' },
    ]);
    expect(formFailureOf(caught)).toEqual({
      message: 'invalid input',
      fields: { username: 'already taken', 'roles.0.siteId': 'required' },
    });
  });

  it('marks no fields when the call failed on the way to the server', () => {
    expect(formFailureOf(new TypeError('Failed to fetch'))).toEqual({
      message: 'The server could not be reached; check the connection and try again.',
      fields: {},
    });
  });
});

describe('isConflict', () => {
  it('is true only for a version conflict from the server', () => {
    expect(isConflict(new ApiError(409, 'conflict', 'user was changed by someone else'))).toBe(true);
    expect(isConflict(new ApiError(400, 'invalid', 'invalid input'))).toBe(false);
    expect(isConflict(new Error('conflict'))).toBe(false);
  });
});
