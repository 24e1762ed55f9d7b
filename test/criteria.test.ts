/**
 * The one runner for every criterion case file in test/cases/ (criteria-<ID>-<topic>.yaml).
 * A failure prints the case, the expected and actual status and the full reason.
 */
import { describe, expect, it } from 'vitest';
import { screenPatient } from '../src/eligibility/index.ts';
import { asList, type CriterionCase, loadCaseFiles, realProtocol, runCase } from './support/cases.ts';

const files = loadCaseFiles();
const catalogIds = realProtocol().criteria.map((c) => c.id);

describe('criterion case files', () => {
  it('exist for every criterion of the catalog', () => {
    const covered = new Set(files.map((f) => f.criterion));
    expect(catalogIds.filter((id) => !covered.has(id))).toEqual([]);
  });

  it('the baseline patient is eligible: every criterion met', () => {
    const { facts, context, protocol } = runCase({ name: 'baseline', expect: { status: 'met' } });
    const result = screenPatient(protocol, facts, context);
    const notMet = result.criteria
      .filter((c) => c.status !== 'met')
      .map((c) => `${c.id} ${c.status}: ${c.reason}`);
    expect(notMet).toEqual([]);
    expect(result.overall).toBe('eligible');
  });
});

function check(criterion: string, c: CriterionCase) {
  const { facts, context, protocol } = runCase(c);
  const result = screenPatient(protocol, facts, context);
  const found = result.criteria.find((r) => r.id === criterion);
  if (!found) throw new Error(`criterion ${criterion} missing from the result`);
  const shown = `${criterion} — ${c.name}\n  status: ${found.status} (expected ${c.expect.status})\n  reason: ${found.reason}\n  evidence: ${found.evidence.join(', ')}`;
  expect(found.status, shown).toBe(c.expect.status);
  for (const part of asList(c.expect.reason)) expect(found.reason, shown).toContain(String(part));
  for (const part of asList(c.expect.notReason)) expect(found.reason, shown).not.toContain(String(part));
  for (const ref of c.expect.evidence ?? []) expect(found.evidence, shown).toContain(ref);
  if (c.expect.overall) expect(result.overall, shown).toBe(c.expect.overall);
}

for (const file of files) {
  describe(`${file.file}`, () => {
    for (const c of file.cases) it(c.name, () => check(file.criterion, c));
  });
}
