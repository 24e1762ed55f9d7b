/**
 * The public trial page (no sign-in): the registry view of the trial, rendered from GET /api/protocol,
 * /api/sites and /api/accrual. No trial text is written here; web/src/lib/protocol-view.ts turns the
 * data into what each section shows. Accrual is read again every minute while the page is open.
 */
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { get } from '../api.ts';
import type { Accrual, Site } from '../contracts.ts';
import { errorText } from '../lib/form-errors.ts';
import {
  accrualProgress,
  armsView,
  codeLabel,
  criteriaLists,
  designFacts,
  eligibilityFacts,
  type Fact,
  identifierFacts,
  isoDate,
  PUBLIC_SECTIONS,
  type PublicProtocol,
  type PublicSectionId,
  readProtocol,
  sitesView,
  statusFacts,
} from '../lib/protocol-view.ts';

const ACCRUAL_REFRESH_MS = 60_000;

type Loaded<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/** GETs `path` now and whenever `reload` is called; a reload keeps showing the last good data. */
function useGet<T>(path: string, parse: (json: unknown) => T): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    void round;
    get<unknown>(path)
      .then((json) => {
        if (current) setLoaded({ state: 'ready', data: parse(json) });
      })
      .catch((error: unknown) => {
        if (current)
          setLoaded((previous) =>
            previous.state === 'ready' ? previous : { state: 'error', message: errorText(error) },
          );
      });
    return () => {
      current = false;
    };
  }, [path, parse, round]);
  return [loaded, useCallback(() => setRound((n) => n + 1), [])];
}

const asSites = (json: unknown) => json as Site[];
const asAccrual = (json: unknown) => json as Accrual;

const headingOf = (id: PublicSectionId) => PUBLIC_SECTIONS.find((s) => s.id === id)?.heading ?? id;

function Section({ id, children }: { id: PublicSectionId; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="trial-section">
      <h2 id={`${id}-heading`}>{headingOf(id)}</h2>
      {children}
    </section>
  );
}

function Facts({ facts }: { facts: Fact[] }) {
  return (
    <dl className="facts">
      {facts.map((f) => (
        <div key={f.term}>
          <dt>{f.term}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Loading<T>({
  loaded,
  what,
  children,
}: {
  loaded: Loaded<T>;
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (loaded.state === 'loading') return <p role="status">Loading {what}…</p>;
  if (loaded.state === 'error')
    return (
      <p role="alert" className="error">
        Could not load {what}: {loaded.message}
      </p>
    );
  return <>{children(loaded.data)}</>;
}

function EnrollmentProgress({ accrual }: { accrual: Accrual }) {
  const p = accrualProgress(accrual);
  return (
    <div className="accrual">
      <p className="accrual-count">
        <strong>{p.randomized.toLocaleString('en-US')}</strong> / {p.target.toLocaleString('en-US')}{' '}
        participants randomized
      </p>
      <progress
        className="accrual-bar"
        max={100}
        value={p.percent}
        aria-label="Participants randomized, percent of the enrollment target"
        aria-describedby="accrual-text"
      >
        {p.percent.toFixed(1)} %
      </progress>
      <p id="accrual-text">{p.text}</p>
    </div>
  );
}

function ObjectiveList({ heading, items }: { heading: string; items: string[] }) {
  if (!items.length) return null;
  return (
    <>
      <h4>{heading}</h4>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </>
  );
}

function TrialBody({
  protocol,
  sites,
  accrual,
}: {
  protocol: PublicProtocol;
  sites: Loaded<Site[]>;
  accrual: Loaded<Accrual>;
}) {
  const criteria = criteriaLists(protocol);
  const lastUpdated = isoDate(protocol.registry.lastUpdated) ?? 'date not stated';
  return (
    <article className="public-trial" aria-labelledby="trial-title">
      <p className="muted trial-kicker">
        {protocol.id} · {codeLabel(protocol.phase)} · {codeLabel(protocol.status)}
      </p>
      <h1 id="trial-title">{protocol.titles.brief}</h1>
      {protocol.titles.official && (
        <p>
          <span className="muted">Official title: </span>
          {protocol.titles.official}
        </p>
      )}
      <p className="muted">
        From the ClinicalTrials.gov record <a href={protocol.registry.url}>{protocol.id}</a>, last updated{' '}
        {lastUpdated}.
      </p>

      <nav aria-label="On this page" className="toc">
        <ul>
          {PUBLIC_SECTIONS.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{s.heading}</a>
            </li>
          ))}
        </ul>
      </nav>

      <Section id="status">
        <Facts facts={statusFacts(protocol)} />
      </Section>

      <Section id="enrollment">
        <Loading loaded={accrual} what="enrollment progress">
          {(data) => <EnrollmentProgress accrual={data} />}
        </Loading>
      </Section>

      <Section id="summary">
        {protocol.outline && <p className="outline">{protocol.outline}</p>}
        <h3>Conditions</h3>
        <ul>
          {protocol.conditions.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <h3>Objectives</h3>
        <ObjectiveList heading="Primary" items={protocol.objectives.primary} />
        <ObjectiveList heading="Secondary" items={protocol.objectives.secondary} />
        <ObjectiveList heading="Exploratory" items={protocol.objectives.exploratory} />
        <h3>Endpoints</h3>
        <ObjectiveList heading="Primary" items={protocol.endpoints.primary.map((e) => e.name)} />
        <ObjectiveList heading="Secondary" items={protocol.endpoints.secondary.map((e) => e.name)} />
        <ObjectiveList heading="Exploratory" items={protocol.endpoints.exploratory.map((e) => e.name)} />
      </Section>

      <Section id="design">
        <Facts facts={designFacts(protocol)} />
      </Section>

      <Section id="arms">
        <div className="arms">
          {armsView(protocol).map((arm) => (
            <section key={arm.id} className="panel arm" aria-labelledby={`arm-${arm.id}`}>
              <h3 id={`arm-${arm.id}`}>
                {arm.label} <span className="badge">{arm.type}</span>
              </h3>
              <p>{arm.description}</p>
              <div className="table-scroll">
                <table>
                  <caption className="visually-hidden">Interventions of {arm.label}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Intervention</th>
                      <th scope="col">Route</th>
                      <th scope="col">Schedule</th>
                      <th scope="col">Dose</th>
                    </tr>
                  </thead>
                  <tbody>
                    {arm.interventions.map((i) => (
                      <tr key={i.id}>
                        <th scope="row">{i.name}</th>
                        <td>{i.route}</td>
                        <td>{i.schedule}</td>
                        <td>
                          {i.dose}
                          <details className="dose-source">
                            <summary>Source of the dose</summary>
                            {i.doseSource}
                          </details>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {arm.unknownInterventions.length > 0 && (
                <p className="error">Not defined in the protocol: {arm.unknownInterventions.join(', ')}</p>
              )}
            </section>
          ))}
        </div>
      </Section>

      <Section id="eligibility">
        <Facts facts={eligibilityFacts(protocol)} />
        <div className="criteria-lists">
          {(
            [
              ['inclusion', 'Inclusion criteria', criteria.inclusion],
              ['exclusion', 'Exclusion criteria', criteria.exclusion],
            ] as const
          ).map(([type, heading, list]) => (
            <section key={type} aria-labelledby={`${type}-heading`} id={`${type}-criteria`}>
              <h3 id={`${type}-heading`}>
                {heading} ({list.length})
              </h3>
              <ol className="criteria">
                {list.map((c) => (
                  <li key={c.id} id={`criterion-${c.id}`}>
                    <span className="criterion-id">{c.id}</span>
                    <div>
                      <strong>{c.title}</strong>
                      <p>{c.text}</p>
                    </div>
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </div>
      </Section>

      <Section id="sponsors">
        <ul>
          {protocol.sponsors.map((s) => (
            <li key={s.name}>
              {s.name} <span className="muted">({codeLabel(s.class)})</span>
            </li>
          ))}
        </ul>
      </Section>

      <Section id="investigators">
        <ul>
          {protocol.principalInvestigators.map((pi) => (
            <li key={pi.name}>
              <strong>{pi.name}</strong>, {codeLabel(pi.role).toLowerCase()} — {pi.affiliation}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="sites">
        <Loading loaded={sites} what="the sites">
          {(data) => {
            const view = sitesView(data);
            return (
              <div className="table-scroll">
                <table className="sites-table">
                  <caption>{view.summary}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="num">
                        No.
                      </th>
                      <th scope="col">Site</th>
                      <th scope="col">City</th>
                      <th scope="col">State</th>
                      <th scope="col">Country</th>
                      <th scope="col">Recruiting status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.rows.map((s) => (
                      <tr key={s.id}>
                        <td className="num">{s.code}</td>
                        <th scope="row">{s.name}</th>
                        <td>{s.city}</td>
                        <td>{s.state}</td>
                        <td>{s.country}</td>
                        <td>
                          <span className={`badge recruiting-${s.recruitingStatus.toLowerCase()}`}>
                            {s.statusLabel}
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          }}
        </Loading>
      </Section>

      <Section id="identifiers">
        <Facts facts={identifierFacts(protocol)} />
        <p>
          Registry record: <a href={protocol.registry.url}>{protocol.registry.url}</a>
        </p>
      </Section>
    </article>
  );
}

export default function PublicTrial() {
  const [protocol] = useGet('/api/protocol', readProtocol);
  const [sites] = useGet('/api/sites', asSites);
  const [accrual, reloadAccrual] = useGet('/api/accrual', asAccrual);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reloadAccrual();
    }, ACCRUAL_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reloadAccrual]);

  return (
    <Loading loaded={protocol} what="the trial">
      {(data) => <TrialBody protocol={data} sites={sites} accrual={accrual} />}
    </Loading>
  );
}
