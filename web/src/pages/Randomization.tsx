/**
 * The statistician's randomization page: the allocation lists with their use per stratum, creating or
 * replacing the trial's list after a confirmation (its seed shown once, to be kept outside trialkit;
 * replacing only while nobody has been randomized from the active list), and a rehearsal of the
 * configuration on throwaway subjects with its balance report. Site roles never reach this page or its API.
 */
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { ApiError, get, post } from '../api.ts';
import { DialogTrigger, Modal } from '../components/Modal.tsx';
import type { CreatedList, ListSummary, RehearsalReport } from '../contracts.ts';
import { activeTrialList, allocatedFrom, confirmationOf, replaceBlocked } from '../lib/allocation-lists.ts';

const message = (error: unknown) => (error instanceof ApiError ? error.message : String(error));

function Lists({ lists }: { lists: ListSummary[] }) {
  if (!lists.length) return <p>No allocation list yet: randomization is refused until one exists.</p>;
  return (
    <table>
      <caption className="visually-hidden">Allocation lists</caption>
      <thead>
        <tr>
          <th scope="col">Created</th>
          <th scope="col">Method</th>
          <th scope="col">State</th>
          <th scope="col" className="num">
            Randomized
          </th>
          <th scope="col">Strata: used / entries</th>
          <th scope="col">Seed SHA-256</th>
        </tr>
      </thead>
      <tbody>
        {lists.map((l) => (
          <tr key={l.id}>
            <td>{l.createdAt.slice(0, 10)}</td>
            <td>{l.method}</td>
            <td>{l.rehearsal ? 'rehearsal' : l.active ? 'active' : 'replaced'}</td>
            <td className="num">{allocatedFrom(l)}</td>
            <td>
              {l.strata.map((s) => (
                <div key={s.stratum}>
                  {s.stratum}: {s.used} / {s.entries}
                </div>
              ))}
            </td>
            <td>
              <code>{l.seedSha256.slice(0, 16)}…</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RehearsalForm() {
  const id = useId();
  const [count, setCount] = useState('122');
  const [share, setShare] = useState('50');
  const [report, setReport] = useState<RehearsalReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const lenvatinib = Number(share);
    try {
      setReport(
        await post<RehearsalReport>('/api/randomization/rehearsal', {
          subjects: {
            count: Number(count),
            levelProbabilities: { 'planned-mki': { cabozantinib: 100 - lenvatinib, lenvatinib } },
          },
        }),
      );
    } catch (caught) {
      setError(message(caught));
    }
  };
  return (
    <form onSubmit={(e) => void run(e)} className="panel">
      {error && <p role="alert">{error}</p>}
      <label htmlFor={`${id}-count`}>Throwaway subjects</label>
      <input
        id={`${id}-count`}
        inputMode="numeric"
        value={count}
        onChange={(e) => setCount(e.target.value)}
      />
      <label htmlFor={`${id}-share`}>Share planning lenvatinib (%)</label>
      <input
        id={`${id}-share`}
        inputMode="numeric"
        value={share}
        onChange={(e) => setShare(e.target.value)}
      />
      <p>
        <button type="submit">Run rehearsal</button>
      </p>
      {report && (
        <div role="status">
          <p>
            {report.subjects} subjects:{' '}
            {Object.entries(report.overall.counts)
              .map(([arm, n]) => `arm ${arm} ${n}`)
              .join(', ')}
            ; largest imbalance overall {report.maxImbalance.overall}, within a stratum{' '}
            {report.maxImbalance.stratum}.
          </p>
          <table>
            <caption className="visually-hidden">Balance by stratum</caption>
            <thead>
              <tr>
                <th scope="col">Stratum</th>
                <th scope="col">Subjects</th>
                <th scope="col">Per arm</th>
                <th scope="col">Imbalance</th>
              </tr>
            </thead>
            <tbody>
              {report.byStratum.map((s) => (
                <tr key={s.stratum}>
                  <td>{s.stratum}</td>
                  <td className="num">{s.total}</td>
                  <td>
                    {Object.entries(s.counts)
                      .map(([arm, n]) => `${arm} ${n}`)
                      .join(' · ')}
                  </td>
                  <td className="num">{s.imbalance}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </form>
  );
}

/**
 * "Create" or "Replace the allocation list", each after a confirmation that says what happens; Replace
 * is disabled, with the reason, once anyone has been randomized from the active list (the server
 * refuses it then too).
 */
function CreateList({
  active,
  onCreated,
  onRefused,
}: {
  active: ListSummary | undefined;
  onCreated: (seed: string) => Promise<void>;
  onRefused: (error: unknown) => Promise<void>;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const blocked = replaceBlocked(active);
  const confirmation = confirmationOf(active);
  const create = async () => {
    setBusy(true);
    try {
      const created = await post<CreatedList>('/api/randomization/lists', {});
      setOpen(false);
      await onCreated(created.seed);
    } catch (caught) {
      setOpen(false);
      await onRefused(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p id={`${id}-note`} className={blocked ? 'blocked-note' : 'muted'}>
        {blocked ??
          (active
            ? 'The active list can be replaced while nobody has been randomized from it.'
            : 'Generated here from a new random seed with protocols/nct05168163/randomization.yaml.')}
      </p>
      <p>
        <DialogTrigger
          open={open}
          onOpen={() => setOpen(true)}
          disabled={Boolean(blocked)}
          describedBy={`${id}-note`}
        >
          {confirmation.title}
        </DialogTrigger>
      </p>
      <Modal open={open} onClose={() => setOpen(false)} labelledBy={`${id}-heading`}>
        <h2 id={`${id}-heading`} className="dialog-title">
          {confirmation.title}
        </h2>
        {confirmation.what.map((text) => (
          <p key={text}>{text}</p>
        ))}
        <div className="confirm-step">
          <p>
            <strong>The seed is shown once.</strong> {confirmation.seed}
          </p>
        </div>
        <div className="dialog-actions">
          <button type="button" disabled={busy} onClick={() => void create()}>
            {busy ? 'Generating…' : confirmation.title}
          </button>
          <button type="button" className="secondary" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      </Modal>
    </>
  );
}

export default function Randomization() {
  const [lists, setLists] = useState<ListSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [seed, setSeed] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setLists(await get<ListSummary[]>('/api/randomization/lists'));
    } catch (caught) {
      setError(message(caught));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="randomization-page">
      <h1>Randomization</h1>
      {error && <p role="alert">{error}</p>}
      <section aria-labelledby="lists-heading">
        <h2 id="lists-heading">Allocation lists</h2>
        {lists === null ? <p role="status">Loading…</p> : <Lists lists={lists} />}
        {lists !== null && (
          <CreateList
            active={activeTrialList(lists)}
            onCreated={async (created) => {
              setError(null);
              setSeed(created);
              await load();
            }}
            onRefused={async (caught) => {
              // Someone was randomized meanwhile: the reloaded list disables Replace and says why.
              setError(message(caught));
              await load();
            }}
          />
        )}
        {seed && (
          <div className="panel" role="status">
            <p>
              <strong>The list's seed — shown this once.</strong> Keep it outside trialkit (it regenerates the
              list for an audit); trialkit keeps only its SHA-256.
            </p>
            <code>{seed}</code>
          </div>
        )}
      </section>
      <section aria-labelledby="rehearsal-heading">
        <h2 id="rehearsal-heading">Rehearsal</h2>
        <p className="muted">
          The same configuration on throwaway subjects with a fresh seed; nothing is stored.
        </p>
        <RehearsalForm />
      </section>
    </div>
  );
}
