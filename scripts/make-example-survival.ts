/**
 * Writes examples/survival/pfs.csv: a simulated (not real) NCT05168163-sized trial for the README's
 * `trialkit analyze survival` example. 122 patients 1:1, stratified by planned MKI, progression-free
 * survival in months with a hazard ratio of 0.65 for atezolizumab + MKI vs MKI alone, censoring by
 * staggered entry (administrative cut-off) and some loss to follow-up. Seeded: the output never changes.
 *
 *   npx tsx scripts/make-example-survival.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { prng } from '../bench/population/basics.ts';

const random = prng(5168163);
const uniform = () => 1 - random();
const CONTROL_MEDIAN_MONTHS = 4.5;
const HAZARD_RATIO = 0.65;
const ACCRUAL_MONTHS = 24;
const CUTOFF_MONTHS = 30;

const rows = ['subject,arm,mki,age,pfs_months,progressed'];
for (let i = 0; i < 122; i++) {
  const experimental = i % 2 === 1;
  const mki = random() < 0.55 ? 'cabozantinib' : 'lenvatinib';
  const age = Math.round(45 + 30 * random());
  const hazard =
    (Math.LN2 / CONTROL_MEDIAN_MONTHS) * (experimental ? HAZARD_RATIO : 1) * Math.exp(0.02 * (age - 65));
  const progression = -Math.log(uniform()) / hazard;
  const followUp = CUTOFF_MONTHS - ACCRUAL_MONTHS * random();
  const lost = -Math.log(uniform()) / 0.02;
  const observed = Math.min(progression, followUp, lost);
  const arm = experimental ? 'atezolizumab+MKI' : 'MKI';
  rows.push(
    `S${String(i + 1).padStart(3, '0')},${arm},${mki},${age},${observed.toFixed(1)},${progression <= Math.min(followUp, lost) ? 1 : 0}`,
  );
}
const dir = new URL('../examples/survival/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('pfs.csv', dir), `${rows.join('\n')}\n`);
