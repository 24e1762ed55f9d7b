/** Creating a user (POST /api/users) with a temporary password and their roles. */
import { type FormEvent, useId, useState } from 'react';
import { post } from '../../api.ts';
import { type Site, USERNAME_RULE_TEXT, type User } from '../../contracts.ts';
import { checkNewUser } from '../../lib/admin.ts';
import { type FieldErrors, formFailureOf } from '../../lib/form-errors.ts';
import { emptyRoleRow } from '../../lib/roles.ts';
import { FieldError, FormAlert } from './form-messages.tsx';
import { RoleEditor } from './RoleEditor.tsx';
import { TemporaryPasswordField } from './TemporaryPasswordField.tsx';

const NEW_USER = { username: '', displayName: '', password: '', roles: [emptyRoleRow()] };

export function NewUserForm({ sites, onCreated }: { sites: Site[]; onCreated: (message: string) => void }) {
  const id = useId();
  const [form, setForm] = useState<typeof NEW_USER>(NEW_USER);
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = checkNewUser(
      form,
      sites.map((s) => s.id),
    );
    if (!result.ok) {
      setFields(result.errors);
      setError('Check the fields marked below.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const user = await post<User>('/api/users', result.body);
      setForm(NEW_USER);
      setFields({});
      onCreated(
        `Created ${user.username}. Give them the temporary password; they must change it at first sign-in.`,
      );
    } catch (caught) {
      const f = formFailureOf(caught);
      setError(f.message);
      setFields(f.fields);
    } finally {
      setBusy(false);
    }
  }

  const text = (name: 'username' | 'displayName', label: string, hint?: string) => (
    <>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {hint && (
        <p id={`${id}-${name}-hint`} className="muted hint">
          {hint}
        </p>
      )}
      <input
        id={`${id}-${name}`}
        value={form[name]}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        aria-invalid={Boolean(fields[name])}
        aria-describedby={
          [hint ? `${id}-${name}-hint` : '', fields[name] ? `${id}-${name}-error` : '']
            .filter(Boolean)
            .join(' ') || undefined
        }
        required
      />
      <FieldError id={`${id}-${name}-error`} message={fields[name]} />
    </>
  );

  return (
    <form onSubmit={(event) => void create(event)} noValidate aria-busy={busy} className="panel">
      <FormAlert message={error} />
      {text('username', 'Username', USERNAME_RULE_TEXT)}
      {text('displayName', 'Display name')}
      <TemporaryPasswordField
        id={`${id}-password`}
        value={form.password}
        onChange={(password) => setForm({ ...form, password })}
        error={fields.password}
      />
      <RoleEditor
        rows={form.roles}
        onChange={(roles) => setForm({ ...form, roles })}
        sites={sites}
        errors={fields}
      />
      <p>
        <button type="submit" disabled={busy}>
          Create user
        </button>
      </p>
    </form>
  );
}
