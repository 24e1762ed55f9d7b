/**
 * Changing one user: display name, active, unlock and roles (PATCH /api/users/:id, with the version the
 * form started from), and a separate form to reset the password to a temporary one.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { patch, post } from '../../api.ts';
import type { Site, User } from '../../contracts.ts';
import {
  checkPasswordReset,
  editFormOf,
  isLocked,
  lockText,
  type UserEditForm,
  userPatch,
} from '../../lib/admin.ts';
import { type FieldErrors, formFailureOf, isConflict } from '../../lib/form-errors.ts';
import { FieldError, FormAlert } from './form-messages.tsx';
import { ReasonField } from './ReasonField.tsx';
import { RoleEditor } from './RoleEditor.tsx';
import { TemporaryPasswordField } from './TemporaryPasswordField.tsx';

export function UserEditor({
  user,
  sites,
  self,
  onSaved,
  onClose,
  onConflict,
}: {
  user: User;
  sites: Site[];
  self: boolean;
  onSaved: (message: string) => void;
  onClose: () => void;
  onConflict: () => void;
}) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [form, setForm] = useState<UserEditForm>(() => editFormOf(user));
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reset, setReset] = useState({ password: '', reason: '' });
  const [resetFields, setResetFields] = useState<FieldErrors>({});
  const [resetError, setResetError] = useState<string | null>(null);
  const [formVersion, setFormVersion] = useState(user.version);
  const now = new Date();
  const locked = isLocked(user, now);

  // The user changed under the form (a 409, then the list reloaded): start again from the current
  // values, keeping the reason, so saving cannot silently undo the other change.
  if (user.version !== formVersion) {
    setFormVersion(user.version);
    setForm({ ...editFormOf(user), reason: form.reason });
  }

  useEffect(() => {
    heading.current?.focus();
  }, []);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = userPatch(
      user,
      form,
      sites.map((s) => s.id),
      new Date(),
    );
    if (!result.ok) {
      setFields(result.errors);
      setError(
        result.errors.form ? 'Nothing changed: there is nothing to save.' : 'Check the fields marked below.',
      );
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await patch<User>(`/api/users/${user.id}`, result.body);
      onSaved(`Saved the changes to ${user.username}.`);
    } catch (caught) {
      const f = formFailureOf(caught);
      setError(f.message);
      setFields(f.fields);
      if (isConflict(caught)) onConflict();
    } finally {
      setBusy(false);
    }
  }

  async function resetPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors = checkPasswordReset(reset);
    setResetFields(errors);
    if (Object.keys(errors).length) {
      setResetError('Check the fields marked below.');
      return;
    }
    setBusy(true);
    setResetError(null);
    try {
      await post(`/api/users/${user.id}/password-reset`, {
        password: reset.password,
        reason: reset.reason.trim(),
      });
      onSaved(
        `Set a temporary password for ${user.username}: they must change it at their next sign-in, and their other sessions have ended.`,
      );
    } catch (caught) {
      const f = formFailureOf(caught);
      setResetError(f.message);
      setResetFields(f.fields);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel user-editor" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        Change {user.username}
      </h3>
      <form onSubmit={(event) => void save(event)} noValidate aria-busy={busy}>
        <FormAlert message={error} />
        <label htmlFor={`${id}-name`}>Display name</label>
        <input
          id={`${id}-name`}
          value={form.displayName}
          onChange={(e) => setForm({ ...form, displayName: e.target.value })}
          aria-invalid={Boolean(fields.displayName)}
          aria-describedby={fields.displayName ? `${id}-name-error` : undefined}
        />
        <FieldError id={`${id}-name-error`} message={fields.displayName} />
        <div className="checkbox">
          <input
            id={`${id}-active`}
            type="checkbox"
            checked={form.active}
            disabled={self}
            onChange={(e) => setForm({ ...form, active: e.target.checked })}
            aria-describedby={`${id}-active-hint`}
          />
          <label htmlFor={`${id}-active`}>Active</label>
        </div>
        <p id={`${id}-active-hint`} className="muted hint">
          {self
            ? 'You cannot deactivate yourself: ask another admin.'
            : 'A deactivated user cannot sign in, and their sessions end now.'}
        </p>
        {locked && (
          <div className="checkbox">
            <input
              id={`${id}-unlock`}
              type="checkbox"
              checked={form.unlock}
              onChange={(e) => setForm({ ...form, unlock: e.target.checked })}
            />
            <label htmlFor={`${id}-unlock`}>Unlock the account ({lockText(user, now).toLowerCase()})</label>
          </div>
        )}
        <RoleEditor
          rows={form.roles}
          onChange={(roles) => setForm({ ...form, roles })}
          sites={sites}
          errors={fields}
        />
        <ReasonField
          id={`${id}-reason`}
          value={form.reason}
          onChange={(reason) => setForm({ ...form, reason })}
          error={fields.reason}
        />
        <p className="inline-controls">
          <button type="submit" disabled={busy}>
            Save changes
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </p>
      </form>

      <form
        onSubmit={(event) => void resetPassword(event)}
        noValidate
        aria-busy={busy}
        className="reset-form"
      >
        <h4>Reset the password</h4>
        <FormAlert message={resetError} />
        <TemporaryPasswordField
          id={`${id}-reset-password`}
          label="New temporary password"
          value={reset.password}
          onChange={(password) => setReset({ ...reset, password })}
          error={resetFields.password ?? resetFields.newPassword}
        />
        <ReasonField
          id={`${id}-reset-reason`}
          value={reset.reason}
          onChange={(reason) => setReset({ ...reset, reason })}
          error={resetFields.reason}
        />
        <p>
          <button type="submit" disabled={busy}>
            Reset password
          </button>
        </p>
      </form>
    </section>
  );
}
