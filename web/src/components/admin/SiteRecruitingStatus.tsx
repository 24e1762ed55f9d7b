/**
 * The sites and their recruiting status, as the public trial page shows it, with a form to change a
 * site's status (PATCH /api/sites/:id).
 */
import { type FormEvent, useId, useRef, useState } from 'react';
import { patch } from '../../api.ts';
import { RECRUITING_STATUSES, type Site } from '../../contracts.ts';
import { siteStatusPatch } from '../../lib/admin.ts';
import { type FieldErrors, formFailureOf, isConflict } from '../../lib/form-errors.ts';
import { codeLabel } from '../../lib/protocol-view.ts';
import { FieldError, FormAlert, Notice } from './form-messages.tsx';
import { ReasonField } from './ReasonField.tsx';

export function SiteRecruitingStatus({
  sites,
  notice,
  onSaved,
  onConflict,
}: {
  sites: Site[];
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
      await patch<Site>(`/api/sites/${encodeURIComponent(siteId)}`, result.body);
      setReason('');
      setFields({});
      onSaved(`${site?.name ?? siteId} is now ${codeLabel(result.body.recruitingStatus).toLowerCase()}.`);
    } catch (caught) {
      const f = formFailureOf(caught);
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
