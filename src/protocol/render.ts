/** The protocol as plain text (for people) and as JSON (for programs): `trialkit protocol show`. */
import type { ProtocolDocument } from '../contracts/index.ts';
import { type Criterion, renderBlock } from '../eligibility/index.ts';
import { endpointParametersOf } from './endpoint-parameters.ts';
import type { Protocol } from './schema.ts';

export function describeRule(criterion: Criterion, protocol: Protocol): string {
  const { rule } = criterion;
  if (criterion.type === 'exclusion' && rule.kind === 'not') {
    return `excluded when: ${renderBlock(rule.block, protocol.terminology)}`;
  }
  return `met when: ${renderBlock(rule, protocol.terminology)}`;
}

/**
 * The protocol as JSON-ready data (GET /api/protocol, `trialkit protocol show --format json`): registry
 * facts with the endpoint parameters, sites, criteria (rules and their text), the screening
 * questionnaire's named facts, terminology.
 */
export function protocolToJson(protocol: Protocol): ProtocolDocument {
  return {
    ...protocol.registry,
    sites: protocol.sites,
    criteria: protocol.criteria.map((c) => ({ ...c, decidedBy: describeRule(c, protocol) })),
    questionnaire: protocol.questionnaire,
    terminology: protocol.terminologySource,
  };
}

function wrap(text: string, indent: string, width = 100): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + word.length + 1 > width - indent.length) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

export function protocolToText(protocol: Protocol): string {
  const r = protocol.registry;
  const out: string[] = [];
  out.push(`${r.id} — ${r.titles.brief.replace(/\s+/g, ' ')}`);
  out.push(
    `Status ${r.status} · ${r.phase} · ${r.studyType} · enrollment target ${r.enrollment.target} · start ${r.dates.start} · completion ${r.dates.completion} · record updated ${r.registry.lastUpdated}`,
  );
  out.push(
    `Design: ${r.design.allocation} ${r.design.ratio}, ${r.design.interventionModel}, ${r.design.primaryPurpose}, masking ${r.design.masking}`,
  );
  out.push(`Sponsors: ${r.sponsors.map((s) => `${s.name} (${s.class})`).join('; ')}`);
  out.push(
    `Principal investigator: ${r.principalInvestigators.map((p) => `${p.name}, ${p.affiliation}`).join('; ')}`,
  );
  out.push(
    `Identifiers: ${r.identifiers.orgStudyId} (org study ID); ${r.identifiers.secondary.map((s) => `${s.id} (${s.type})`).join('; ')}`,
  );
  out.push('', 'Interventions');
  for (const i of r.interventions) {
    const dose = i.dose.value
      ? `${i.dose.value} ${i.dose.unit}`
      : (i.dose.byBodyWeight ?? [])
          .map(
            (d) =>
              `${d.value} ${d.doseUnit} if ${d.below !== undefined ? `< ${d.below}` : `≥ ${d.atLeast}`} ${d.unit}`,
          )
          .join(', ');
    out.push(
      `  ${i.name} ${i.route}: ${i.schedule}; dose ${dose}${i.dose.configurable ? ' (configurable)' : ''}`,
    );
  }
  out.push('', 'Arms');
  for (const a of r.arms) out.push(`  ${a.id}  ${a.label}`, wrap(a.description, '      '));
  out.push('', 'Schedule');
  out.push(
    `  ${r.schedule.cycleLengthDays}-day cycles ${r.schedule.treatment.toLowerCase()}; tumor assessment every ${r.schedule.tumorAssessment.everyWeeks} weeks (${r.schedule.tumorAssessment.criteria}); follow-up every ${r.schedule.followUp.everyWeeks} weeks for up to ${r.schedule.followUp.durationYears} years after ${r.schedule.followUp.after}`,
  );
  out.push('', 'Endpoints');
  for (const [kind, list] of Object.entries(r.endpoints))
    out.push(`  ${kind}: ${list.map((e) => e.name).join('; ')}`);
  const p = endpointParametersOf(protocol);
  out.push(
    wrap(
      `Derived with: PFS censoring ${p.pfsRules}; CR/PR confirmed ≥ ${p.confirmMinDays} days later; stable disease from day ${p.sdMinDays} after randomization; assessment interval ${p.assessmentIntervalDays} days (the tumor-assessment schedule)`,
      '  ',
    ),
  );
  out.push(
    '',
    `Screening questionnaire (${protocol.questionnaire.items.length} named facts; a criterion's confirmation is its ID, yes/no)`,
  );
  for (const item of protocol.questionnaire.items) {
    const codes = item.answers ? `: ${item.answers.map((a) => a.code).join(', ')}` : '';
    out.push(`  ${item.linkId.padEnd(28)} ${item.kind}${codes} — ${item.label} (${item.decides.join(', ')})`);
  }
  out.push('', `Sites (${protocol.sites.length})`);
  for (const s of protocol.sites) out.push(`  ${s.id.padEnd(60)} ${s.city}, ${s.state} — ${s.status}`);
  for (const type of ['inclusion', 'exclusion'] as const) {
    const list = protocol.criteria.filter((c) => c.type === type);
    out.push('', `${type === 'inclusion' ? 'Inclusion' : 'Exclusion'} criteria (${list.length})`);
    for (const c of list) {
      out.push(`  ${c.id}  ${c.title}`);
      out.push(wrap(`Registry: ${c.text}`, '       '));
      out.push(wrap(describeRule(c, protocol), '       '));
      if (c.attestation) out.push(wrap(`A person may confirm: ${c.attestation.prompt}`, '       '));
      out.push(wrap(`Source: ${c.source}`, '       '));
    }
  }
  return `${out.join('\n')}\n`;
}
