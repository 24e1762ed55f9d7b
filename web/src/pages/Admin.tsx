/**
 * Administration (admin role): the audit trail's verification first, then users — their roles per
 * site, active, locked — with forms to create, change, unlock and reset them, then the sites'
 * recruiting status. Every change asks for a reason, which the server keeps in the audit trail; the
 * checks live in web/src/lib/admin.ts and roles.ts.
 */
import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError, get, patch, post } from '../api.ts';
import {
  type AuditVerification,
  auditSummary,
  checkNewUser,
  checkPasswordReset,
  editFormOf,
  isLocked,
  lockText,
  RECRUITING_STATUSES,
  siteStatusPatch,
  USERNAME_RULE,
  type UserEditForm,
  type UserRecord,
  userPatch,
} from '../lib/admin.ts';
import { errorText, type FieldErrors, fieldErrorsOf } from '../lib/form-errors.ts';
import { browserRandom, MIN_PASSWORD_LENGTH, temporaryPassword } from '../lib/passwords.ts';
import { codeLabel, type SiteRecord } from '../lib/protocol-view.ts';
import { describeRole, emptyRoleRow, isStudyWide, ROLES, type RoleRow, withRole } from '../lib/roles.ts';
import { useSession } from '../session.tsx';

type Loaded<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/** GETs `path`; `reload` reads it again and keeps showing the old data until the new arrives. */
function useGet<T>(path: string): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    void round;
    get<T>(path)
      .then((data) => {
        if (current) setLoaded({ state: 'ready', data });
      })
      .catch((error: unknown) => {
        if (current) setLoaded({ state: 'error', message: errorText(error) });
      });
    return () => {
      current = false;
    };
  }, [path, round]);
  return [loaded, useCallback(() => setRound((n) => n + 1), [])];
}

/** What a form's submit does with an error: the message for the alert, the fields for the inputs. */
function failure(caught: unknown): { message: string; fields: FieldErrors } {
  return {
    message: errorText(caught),
    fields: caught instanceof ApiError ? fieldErrorsOf(caught.fields) : {},
  };
}

const isConflict = (caught: unknown) => caught instanceof ApiError && caught.kind === 'conflict';

// ——— Small form parts ———

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null;
}

function FormAlert({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="error">
      {message}
    </p>
  ) : null;
}

function Notice({ message }: { message: string | null }) {
  return message ? (
    <p role="status" className="notice">
      {message}
    </p>
  ) : null;
}

function ReasonField({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  return (
    <>
      <label htmlFor={id}>Reason for the change</label>
      <p id={`${id}-hint`} className="muted hint">
        Kept in the audit trail with your name and the time.
      </p>
      <textarea
        id={id}
        rows={2}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={Boolean(error)}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        required
      />
      <FieldError id={`${id}-error`} message={error} />
    </>
  );
}

function TemporaryPasswordField({
  id,
  value,
  onChange,
  error,
  label = 'Temporary password',
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  label?: string;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="muted hint">
        At least {MIN_PASSWORD_LENGTH} characters. Give it to the user in person or by phone; they must change
        it at their first sign-in.
      </p>
      <div className="inline-controls">
        <input
          id={id}
          type="text"
          autoComplete="new-password"
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          required
        />
        <button
          type="button"
          className="secondary"
          onClick={() => onChange(temporaryPassword(browserRandom))}
        >
          Generate
        </button>
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </>
  );
}

/** The role assignments of a user: one row per role, a site for site roles, none for study-wide ones. */
function RoleEditor({
  rows,
  onChange,
  sites,
  errors,
}: {
  rows: RoleRow[];
  onChange: (rows: RoleRow[]) => void;
  sites: SiteRecord[];
  errors: FieldErrors;
}) {
  const id = useId();
  const set = (i: number, row: RoleRow) => onChange(rows.map((r, j) => (j === i ? row : r)));
  return (
    <fieldset className="role-editor">
      <legend>Roles</legend>
      <p className="muted hint" id={`${id}-hint`}>
        Admin and statistician hold for the whole study; coordinator, investigator and monitor hold at one
        site (add a row per site).
      </p>
      {errors.roles && (
        <p className="field-error" id={`${id}-error`}>
          {errors.roles}
        </p>
      )}
      {rows.map((row, i) => {
        const roleError = errors[`roles.${i}.role`];
        const siteError = errors[`roles.${i}.siteId`];
        const studyWide = row.role !== '' && isStudyWide(row.role);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own; they are edited in place
          <div className="role-row" key={i}>
            <div>
              <label htmlFor={`${id}-role-${i}`}>Role {i + 1}</label>
              <select
                id={`${id}-role-${i}`}
                value={row.role}
                onChange={(e) => set(i, withRole(row, e.target.value))}
                aria-invalid={Boolean(roleError)}
                aria-describedby={roleError ? `${id}-role-${i}-error` : undefined}
              >
                <option value="">Choose a role…</option>
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role}
                  </option>
                ))}
              </select>
              <FieldError id={`${id}-role-${i}-error`} message={roleError} />
            </div>
            <div>
              <label htmlFor={`${id}-site-${i}`}>Site for role {i + 1}</label>
              <select
                id={`${id}-site-${i}`}
                value={studyWide ? '' : row.siteId}
                disabled={studyWide}
                onChange={(e) => set(i, { ...row, siteId: e.target.value })}
                aria-invalid={Boolean(siteError)}
                aria-describedby={siteError ? `${id}-site-${i}-error` : undefined}
              >
                <option value="">{studyWide ? 'All sites (study-wide)' : 'Choose a site…'}</option>
                {sites.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.code} {s.name}
                  </option>
                ))}
              </select>
              <FieldError id={`${id}-site-${i}-error`} message={siteError} />
            </div>
            <div className="role-remove">
              <button
                type="button"
                className="secondary"
                onClick={() => onChange(rows.filter((_, j) => j !== i))}
                aria-label={`Remove role ${i + 1}`}
              >
                Remove
              </button>
            </div>
          </div>
        );
      })}
      <button type="button" className="secondary" onClick={() => onChange([...rows, emptyRoleRow()])}>
        Add a role
      </button>
    </fieldset>
  );
}

// ——— Audit verification ———

function AuditPanel() {
  const [audit, reload] = useGet<AuditVerification>('/api/audit/verify');
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    if (audit.state !== 'loading') setChecking(false);
  }, [audit]);
  let body: ReactNode;
  if (audit.state === 'loading' || checking) body = <p role="status">Verifying the audit trail…</p>;
  else if (audit.state === 'error')
    body = (
      <p role="alert" className="error">
        Could not verify the audit trail: {audit.message}
      </p>
    );
  else {
    const summary = auditSummary(audit.data);
    body = summary.ok ? (
      <p className="audit-result">
        <span className="badge status-met">Intact</span> {summary.text}
      </p>
    ) : (
      <p className="audit-result" role="alert">
        <span className="badge status-not_met">Broken</span> {summary.text}
      </p>
    );
  }
  const ok = audit.state === 'ready' && audit.data.ok;
  return (
    <section
      id="audit"
      aria-labelledby="audit-heading"
      className={`panel audit-panel ${audit.state === 'ready' ? (ok ? 'audit-ok' : 'audit-broken') : ''}`}
    >
      <h2 id="audit-heading">Audit trail</h2>
      {body}
      <button
        type="button"
        className="secondary"
        disabled={audit.state === 'loading' || checking}
        onClick={() => {
          setChecking(true);
          reload();
        }}
      >
        Verify again
      </button>
    </section>
  );
}

// ——— Users ———

function UsersTable({
  users,
  sites,
  selfId,
  onEdit,
}: {
  users: UserRecord[];
  sites: SiteRecord[];
  selfId: string | undefined;
  onEdit: (user: UserRecord) => void;
}) {
  const names = new Map(sites.map((s) => [s.id, s.name]));
  const now = new Date();
  return (
    <div className="table-scroll">
      <table className="users-table">
        <caption>
          {users.length} {users.length === 1 ? 'user' : 'users'}, {users.filter((u) => u.active).length}{' '}
          active
        </caption>
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Name</th>
            <th scope="col">Roles</th>
            <th scope="col">Active</th>
            <th scope="col">Locked</th>
            <th scope="col">Sign-in</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className={u.active ? undefined : 'inactive'}>
              <th scope="row">
                {u.username}
                {u.id === selfId && <span className="muted"> (you)</span>}
              </th>
              <td>{u.displayName}</td>
              <td>
                <ul className="plain">
                  {u.roles.map((r) => (
                    <li key={`${r.role}@${r.siteId ?? '*'}`}>{describeRole(r, names)}</li>
                  ))}
                </ul>
              </td>
              <td>{u.active ? 'Yes' : <span className="error">No (deactivated)</span>}</td>
              <td>{isLocked(u, now) ? <span className="error">{lockText(u, now)}</span> : 'No'}</td>
              <td>
                {[
                  u.mustChangePassword ? 'must change password' : 'password set',
                  u.totpEnabled ? 'TOTP on' : null,
                ]
                  .filter(Boolean)
                  .join('; ')}
              </td>
              <td>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => onEdit(u)}
                  aria-label={`Edit ${u.username}`}
                >
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserEditor({
  user,
  sites,
  self,
  onSaved,
  onClose,
  onConflict,
}: {
  user: UserRecord;
  sites: SiteRecord[];
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
      await patch<UserRecord>(`/api/users/${user.id}`, result.body);
      onSaved(`Saved the changes to ${user.username}.`);
    } catch (caught) {
      const f = failure(caught);
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
      const f = failure(caught);
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

const NEW_USER = { username: '', displayName: '', password: '', roles: [emptyRoleRow()] };

function NewUserForm({ sites, onCreated }: { sites: SiteRecord[]; onCreated: (message: string) => void }) {
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
      const user = await post<UserRecord>('/api/users', result.body);
      setForm(NEW_USER);
      setFields({});
      onCreated(
        `Created ${user.username}. Give them the temporary password; they must change it at first sign-in.`,
      );
    } catch (caught) {
      const f = failure(caught);
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
      {text('username', 'Username', USERNAME_RULE)}
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

// ——— Sites ———

function SiteStatus({
  sites,
  notice,
  onSaved,
  onConflict,
}: {
  sites: SiteRecord[];
  notice: string | null;
  onSaved: (message: string) => void;
  onConflict: () => void;
}) {
  const id = useId();
  const siteSelect = useRef<HTMLSelectElement>(null);
  const [siteId, setSiteId] = useState('');
  const [status, setStatus] = useState('');
  const [reason, setReason] = useState('');
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const site = sites.find((s) => s.id === siteId);

  const choose = (next: string) => {
    setSiteId(next);
    setStatus(sites.find((s) => s.id === next)?.recruitingStatus ?? '');
  };

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = siteStatusPatch(site, status, reason);
    if (!result.ok) {
      setFields(result.errors);
      setError('Check the fields marked below.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await patch<SiteRecord>(`/api/sites/${encodeURIComponent(siteId)}`, result.body);
      setReason('');
      setFields({});
      onSaved(`${site?.name ?? siteId} is now ${codeLabel(result.body.recruitingStatus).toLowerCase()}.`);
    } catch (caught) {
      const f = failure(caught);
      setError(f.message);
      setFields(f.fields);
      if (isConflict(caught)) onConflict();
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className="table-scroll">
        <table>
          <caption>{sites.length} sites and their recruiting status, shown on the public trial page</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                No.
              </th>
              <th scope="col">Site</th>
              <th scope="col">City, state</th>
              <th scope="col">Recruiting status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sites.map((s) => (
              <tr key={s.id}>
                <td className="num">{s.code}</td>
                <th scope="row">{s.name}</th>
                <td>
                  {s.city}, {s.state}
                </td>
                <td>
                  <span className={`badge recruiting-${s.recruitingStatus.toLowerCase()}`}>
                    {codeLabel(s.recruitingStatus)}
                  </span>
                </td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Change the status of ${s.name}`}
                    onClick={() => {
                      choose(s.id);
                      siteSelect.current?.focus();
                    }}
                  >
                    Change
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form onSubmit={(event) => void save(event)} noValidate aria-busy={busy} className="panel">
        <h3>Change a site's recruiting status</h3>
        <Notice message={notice} />
        <FormAlert message={error} />
        <label htmlFor={`${id}-site`}>Site</label>
        <select
          id={`${id}-site`}
          ref={siteSelect}
          value={siteId}
          onChange={(e) => choose(e.target.value)}
          aria-invalid={Boolean(fields.siteId)}
          aria-describedby={fields.siteId ? `${id}-site-error` : undefined}
        >
          <option value="">Choose a site…</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.code} {s.name}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-site-error`} message={fields.siteId} />
        <label htmlFor={`${id}-status`}>Recruiting status</label>
        <select
          id={`${id}-status`}
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          aria-invalid={Boolean(fields.recruitingStatus)}
          aria-describedby={fields.recruitingStatus ? `${id}-status-error` : undefined}
        >
          <option value="">Choose a status…</option>
          {RECRUITING_STATUSES.map((s) => (
            <option key={s} value={s}>
              {codeLabel(s)}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-status-error`} message={fields.recruitingStatus} />
        <ReasonField id={`${id}-reason`} value={reason} onChange={setReason} error={fields.reason} />
        <p>
          <button type="submit" disabled={busy}>
            Save status
          </button>
        </p>
      </form>
    </>
  );
}

// ——— The page ———

export default function Admin() {
  const { session } = useSession();
  const [users, reloadUsers] = useGet<UserRecord[]>('/api/users');
  const [sites, reloadSites] = useGet<SiteRecord[]>('/api/sites');
  const [editingId, setEditingId] = useState<string | null>(null);
  // A confirmation shows in the section where the change was made, where the admin is looking.
  const [notice, setNotice] = useState<{ where: 'users' | 'new-user' | 'sites'; text: string } | null>(null);
  const noticeIn = (where: 'users' | 'new-user' | 'sites') => (notice?.where === where ? notice.text : null);
  const usersHeading = useRef<HTMLHeadingElement>(null);

  const siteList = sites.state === 'ready' ? sites.data : [];
  const editing = users.state === 'ready' ? users.data.find((u) => u.id === editingId) : undefined;

  const closeEditor = () => {
    setEditingId(null);
    usersHeading.current?.focus();
  };

  return (
    <div className="admin">
      <h1>Administration</h1>
      <AuditPanel />

      <section id="users" aria-labelledby="users-heading">
        <h2 id="users-heading" ref={usersHeading} tabIndex={-1}>
          Users
        </h2>
        <Notice message={noticeIn('users')} />
        {users.state === 'loading' && <p role="status">Loading users…</p>}
        {users.state === 'error' && (
          <p role="alert" className="error">
            Could not load the users: {users.message}
          </p>
        )}
        {users.state === 'ready' && (
          <UsersTable
            users={users.data}
            sites={siteList}
            selfId={session?.userId}
            onEdit={(u) => {
              setNotice(null);
              setEditingId(u.id);
            }}
          />
        )}
        {editing && (
          <UserEditor
            key={editing.id}
            user={editing}
            sites={siteList}
            self={editing.id === session?.userId}
            onSaved={(message) => {
              setNotice({ where: 'users', text: message });
              reloadUsers();
              closeEditor();
            }}
            onClose={closeEditor}
            onConflict={reloadUsers}
          />
        )}
      </section>

      <section id="new-user" aria-labelledby="new-user-heading">
        <h2 id="new-user-heading">Create a user</h2>
        <Notice message={noticeIn('new-user')} />
        <NewUserForm
          sites={siteList}
          onCreated={(message) => {
            setNotice({ where: 'new-user', text: message });
            reloadUsers();
          }}
        />
      </section>

      <section id="site-status" aria-labelledby="site-status-heading">
        <h2 id="site-status-heading">Sites</h2>
        {sites.state === 'loading' && <p role="status">Loading sites…</p>}
        {sites.state === 'error' && (
          <p role="alert" className="error">
            Could not load the sites: {sites.message}
          </p>
        )}
        {sites.state === 'ready' && (
          <SiteStatus
            sites={sites.data}
            notice={noticeIn('sites')}
            onSaved={(message) => {
              setNotice({ where: 'sites', text: message });
              reloadSites();
            }}
            onConflict={reloadSites}
          />
        )}
      </section>
    </div>
  );
}
