/** The body of POST /api/analysis: the CSV texts, the names used in data problems, and the options. */
import { z } from 'zod';

const csvText = (domain: string) =>
  z.string().refine((text) => text.trim().length > 0, `the ${domain} file is empty`);
const fileName = z.string().trim().min(1).max(255);
const days = z.number().int().min(0).max(3650);

export const analysisRequest = z.strictObject({
  tu: csvText('TU'),
  tr: csvText('TR'),
  rs: csvText('RS').optional(),
  adsl: csvText('ADSL'),
  /** Names used in data problems (default tu.csv, tr.csv, rs.csv, adsl.csv). */
  fileNames: z
    .strictObject({ tu: fileName, tr: fileName, rs: fileName, adsl: fileName })
    .partial()
    .optional(),
  options: z
    .strictObject({
      /** As `trialkit derive`: FDA 2018 PFS censoring (NCT05168163), or the admiralonco template. */
      pfsRules: z.enum(['simple', 'fda-2018']).default('fda-2018'),
      responseSource: z.enum(['measurements', 'recorded']).default('measurements'),
      evaluator: z.string().trim().min(1).max(100).default('INVESTIGATOR'),
      imputeDay: z.enum(['first', 'last']).default('first'),
      sdMinDays: days.default(42),
      confirmMinDays: days.default(28),
      assessmentIntervalDays: days.default(63),
      timeUnit: z.enum(['days', 'weeks', 'months']).default('months'),
      confLevel: z.number().gt(0.5).lt(1).default(0.95),
      /**
       * ORR from BOR (confirmation not required: RECIST 1.1 §4.6.1 waives confirmation in randomized
       * trials) or from the confirmed best overall response (CBOR).
       */
      orrResponse: z.enum(['unconfirmed', 'confirmed']).default('unconfirmed'),
    })
    .prefault({}),
});
export type AnalysisRequest = z.infer<typeof analysisRequest>;
export type AnalysisOptions = AnalysisRequest['options'];
