import { useId } from 'react';
import { ROLES, type Site } from '../../contracts.ts';
import type { FieldErrors } from '../../lib/form-errors.ts';
import { emptyRoleRow, isStudyWide, type RoleRow, withRole } from '../../lib/roles.ts';
import { FieldError } from './form-messages.tsx';

/** The role assignments of a user: one row per role, a site for site roles, none for study-wide ones. */
export function RoleEditor({
  rows,
  onChange,
  sites,
  errors,
}: {
  rows: RoleRow[];
  onChange: (rows: RoleRow[]) => void;
  sites: Site[];
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
