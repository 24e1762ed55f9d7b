/**
 * I05 (registry: "Previously progressed on atezolizumab in combination with bevacizumab as first
 * line systemic therapy for advanced disease … 2nd line patients only"): the first line must be
 * recorded, must be the only systemic line for advanced disease, and progression on it must be dated.
 */
import {
  type Exposure,
  exposuresOf,
  isLocalUse,
  statedReason,
  therapySetting,
} from '../../evidence/medications.ts';
import { conditionsIn } from '../../evidence/records.ts';
import { outcome } from '../../status.ts';
import { TermList } from '../../terms.ts';
import type { BlockDefinition } from '../definition.ts';
import { answeredBy, ignoredNote } from '../questionnaire.ts';
import type { PriorSystemicTherapyBlock } from '../rule-schema.ts';

/**
 * A stated reason that names the liver cancer (the first line's disease), as whole terms (terms.ts):
 * "hepatitis" or "deliver" do not name it.
 */
const HCC_WORDS = new TermList(['hcc', 'liver', 'hepatic', 'hepatocellular', 'hepatoma', 'hepatocarcinoma']);

function earliestStart(exposures: readonly Exposure[]): string | undefined {
  return exposures
    .map((e) => e.start)
    .filter((d): d is string => d !== undefined)
    .sort()[0];
}

export const priorSystemicTherapy: BlockDefinition<PriorSystemicTherapyBlock> = {
  evaluate(block, env) {
    const { asOf } = env.context;
    const exposures = exposuresOf(env, block.systemicClasses).filter((e) => !e.planned);
    const firstLineNames = new Set(block.firstLine);
    // The first HCC diagnosis date, looked up only when a record's end has to be compared with it.
    let diagnosed: { date: string | undefined } | undefined;
    const diagnosedOn = () => {
      diagnosed ??= {
        date: conditionsIn(env, [block.diagnosisSet])
          .map((h) => h.date)
          .filter((d): d is string => d !== undefined)
          .sort()[0],
      };
      return diagnosed.date;
    };
    // Only another systemic anticancer treatment of the liver cancer in its advanced setting counts.
    const notALine = (e: Exposure): string | undefined => {
      const setting = therapySetting(e.fact);
      if (setting) return setting;
      if (isLocalUse(e.fact)) return 'not systemic';
      const reason = statedReason(e.fact);
      if (reason && !HCC_WORDS.has(reason)) return `given for ${reason}`;
      const diagnosis = e.end ? diagnosedOn() : undefined;
      if (diagnosis && e.end && e.end < diagnosis) return `ended before the HCC diagnosis of ${diagnosis}`;
      return undefined;
    };
    const others = exposures.filter((e) => !firstLineNames.has(e.member.name));
    const otherLines = others.filter((e) => notALine(e) === undefined);
    if (otherLines.length > 0) {
      return outcome(
        'not_met',
        `another systemic line recorded (second-line patients only): ${otherLines.map((e) => e.description).join('; ')}`,
        otherLines.map((e) => e.ref),
      );
    }
    const notLines = others.map((e) => `${e.description} (${notALine(e)})`);
    const notCounted = notLines.length ? `; not other lines for advanced HCC: ${notLines.join('; ')}` : '';
    // Catalog I05: the combination must be the first line *for advanced disease*; the same drugs given as
    // adjuvant/neoadjuvant or loco-regional therapy (docs/decisions/0003) are not that line.
    const otherSetting = exposures.filter((e) => firstLineNames.has(e.member.name) && therapySetting(e.fact));
    const forAdvanced = exposures.filter((e) => !therapySetting(e.fact));
    const firstLine = block.firstLine.map((name) => ({
      name,
      records: forAdvanced.filter((e) => e.member.name === name),
    }));
    const missing = firstLine.filter((d) => d.records.length === 0).map((d) => d.name);
    const given = firstLine.flatMap((d) => d.records);
    const evidence = given.map((e) => e.ref);
    const lineText = `${block.firstLine.join(' + ')}`;
    if (missing.length > 0) {
      const notALine = otherSetting.length
        ? `; not a line for advanced disease: ${otherSetting.map((e) => `${e.description} (${therapySetting(e.fact)})`).join('; ')}`
        : '';
      return outcome(
        'unknown',
        `no prior ${missing.join(' or ')} recorded (first line must be ${lineText} for advanced disease)${notALine}`,
        [...evidence, ...otherSetting.map((e) => e.ref)],
      );
    }
    const started = earliestStart(given);
    const summary = `first line ${given.map((e) => e.description).join('; ')}`;
    const lookup = env.index.answers.get(block.progressionItem);
    if (lookup?.answer.value.kind !== 'date') {
      return outcome(
        'unknown',
        `${summary}; no date of progression on it recorded (${block.progressionItem})${ignoredNote(env, block.progressionItem, lookup)}`,
        evidence,
      );
    }
    const progression = lookup.answer.value.value;
    const answerRef = [...evidence, lookup.answer.ref];
    if (progression > asOf) {
      return outcome(
        'unknown',
        `${summary}; progression date ${progression} is after T0 (ignored)`,
        answerRef,
      );
    }
    if (started && progression < started) {
      return outcome(
        'unknown',
        `${summary}; progression date ${progression} precedes its start ${started}`,
        answerRef,
      );
    }
    return outcome(
      'met',
      `${summary}; progression on ${progression} (recorded${answeredBy(lookup.answer)}); no other systemic line recorded${notCounted}`,
      answerRef,
    );
  },
  render(block) {
    return `${block.firstLine.join(' + ')} recorded as the only prior systemic line for advanced disease (classes: ${block.systemicClasses.join(', ')}; adjuvant/loco-regional, non-systemic, other-indication and pre-diagnosis use excepted), with progression on it dated (${block.progressionItem})`;
  },
};
