/**
 * SDTM TU/TR/(RS) and ADSL texts to the derived datasets in one call: the readers, then RECIST 1.1 and
 * the endpoints. The one path of `trialkit derive` and the analysis view (POST /api/analysis).
 */

import type { PfsRules } from '../../endpoints/index.ts';
import { DEFAULT_IMPUTATION } from '../partial-date.ts';
import { readStudy, type StudyFiles, type StudyRead } from '../read-study.ts';
import { deriveStudy, type ResponseSource, type StudyDerivation } from './derive.ts';

/** What the derivation is asked for, as numbers (the CLI's flags after parsing; the analysis view's options). */
export interface DeriveSettings {
  responseSource: ResponseSource;
  pfsRules: PfsRules;
  sdMinDays: number;
  confirmMinDays: number;
  assessmentIntervalDays: number;
  imputeDay: 'first' | 'last';
  evaluator: string;
}

/** Reads the study's texts and derives its endpoints: the one path of `trialkit derive` and the analysis view. */
export function deriveSources(
  files: StudyFiles,
  settings: DeriveSettings,
): { study: StudyRead; derived: StudyDerivation } {
  const study = readStudy(files, {
    evaluator: settings.evaluator,
    imputation: { ...DEFAULT_IMPUTATION, rule: settings.imputeDay },
  });
  const derived = deriveStudy(
    study.subjects,
    {
      sdMinDays: settings.sdMinDays,
      confirmMinDays: settings.confirmMinDays,
      assessmentIntervalDays: settings.assessmentIntervalDays,
      pfsRules: settings.pfsRules,
      responseSource: settings.responseSource,
    },
    settings.evaluator.toUpperCase(),
  );
  return { study, derived };
}
