/**
 * The audit trail's verification (GET /api/audit/verify): intact or broken, with its event count, and a
 * button to check again. The count stays current: the chain is verified again whenever the page is
 * shown (opened, or its browser tab brought back) and after each change the admin makes here (`round`
 * moves on), since every change writes audit events.
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { AuditVerification } from '../../contracts.ts';
import { auditSummary } from '../../lib/admin.ts';
import { useGet } from './use-get.ts';

export function AuditTrailPanel({ round = 0 }: { round?: number }) {
  const [audit, reload] = useGet<AuditVerification>('/api/audit/verify');
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    if (audit.state !== 'loading') setChecking(false);
  }, [audit]);
  // After the admin's own changes; the first round is the mount's own read.
  const firstRound = useRef(round);
  useEffect(() => {
    if (round !== firstRound.current) reload();
  }, [round, reload]);
  // Back to a tab left open: others may have written since.
  useEffect(() => {
    const shown = () => {
      if (document.visibilityState === 'visible') reload();
    };
    document.addEventListener('visibilitychange', shown);
    return () => document.removeEventListener('visibilitychange', shown);
  }, [reload]);
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
      <>
        <p className="audit-result" role="alert">
          <span className="badge status-not_met">Broken</span> {summary.text}
        </p>
        {summary.problems.length > 0 && (
          <ol className="audit-problems">
            {summary.problems.map((p) => (
              <li key={`${p.seq}:${p.problem}`}>
                Event {p.seq.toLocaleString('en-US')}: {p.problem}
              </li>
            ))}
          </ol>
        )}
      </>
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
