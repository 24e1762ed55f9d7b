/**
 * The shapes of GET /api/dashboard and POST /api/analysis as the pages read them (the server's routes
 * src/server/routes/dashboard.ts and analysis.ts are the source; the web app does not import server code).
 */

export type ArmCounts = Record<string, number>;

export interface AccrualPoint {
  period: string;
  start: string;
  randomized: number;
  cumulative: number;
  byArm: ArmCounts;
  cumulativeByArm: ArmCounts;
}

export interface ConsortCounts {
  assessed: number;
  inScreening: number;
  eligibleNotRandomized: number;
  excluded: {
    total: number;
    notMeetingCriteria: number;
    withdrawn: number;
    byCriterion: Record<string, number>;
  };
  randomized: number;
  allocated: ArmCounts;
}

export interface ScreeningFunnel {
  registered: number;
  screened: number;
  eligible: number;
  signed: number;
  randomized: number;
  screenFailed: number;
  withdrawn: number;
}

export interface ArmInfo {
  id: string;
  label: string;
  randomized: number;
}

export interface Dashboard {
  asOf: string;
  timeZone: string;
  target: number;
  scope: 'all' | string[];
  period: 'week' | 'month';
  accrual: AccrualPoint[];
  randomized: number;
  byArm: ArmCounts;
  studyRandomized: number;
  arms: ArmInfo[];
  bySite: {
    siteId: string;
    name: string;
    recruitingStatus: string;
    registered: number;
    screenFailed: number;
    withdrawn: number;
    randomized: number;
    byArm: ArmCounts;
    firstRandomized: string | null;
    lastRandomized: string | null;
  }[];
  funnel: ScreeningFunnel;
  consort: ConsortCounts;
  screenFailures: {
    byCriterion: {
      criterionId: string;
      title: string | null;
      type: 'inclusion' | 'exclusion' | null;
      subjects: number;
      lastDate: string;
    }[];
    recent: { studyId: string; siteId: string; date: string; criteria: string[] }[];
  };
}

export interface Interval {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface DataFile {
  name: string;
  csv: string;
}

export type TimeUnit = 'days' | 'weeks' | 'months';

export interface SurvivalReport {
  paramcd: 'PFS' | 'OS';
  title: string;
  timeUnit: TimeUnit;
  confLevel: number;
  arms: { arm: string; n: number; events: number; censored: number; median: Interval }[];
  atRisk: { times: number[]; byArm: { arm: string; counts: number[] }[] };
  hazardRatio: {
    comparison: string;
    reference: string;
    estimable: boolean;
    estimate: number | null;
    lower: number | null;
    upper: number | null;
    waldP: number | null;
  } | null;
  logRank: { chisq: number; df: number; p: number } | null;
  svg: string;
  data: DataFile[];
}

export interface OrrReport {
  paramcd: 'BOR' | 'CBOR';
  definition: string;
  confLevel: number;
  interval: string;
  arms: { arm: string; n: number; responders: number; rate: Interval; bestResponse: ArmCounts }[];
  comparison: {
    test: string;
    comparison: string;
    reference: string;
    oddsRatio: Interval;
    p: number;
  } | null;
  data: DataFile[];
}

export interface Figure<Detail> {
  title: string;
  svg: string;
  data: DataFile[];
  detail: Detail;
}

export interface WaterfallBar {
  subject: string;
  arm: string;
  bestPercentChange: number;
  bestResponse?: string;
}

export interface SwimmerLane {
  subject: string;
  arm: string;
  endDay: number;
  ongoing?: boolean;
  events: { day: number; kind: string }[];
}

export interface AnalysisProblem {
  stage: 'read' | 'derive' | 'analysis';
  severity: 'error' | 'warning';
  message: string;
  file?: string;
  line?: number;
  usubjid?: string;
  visit?: string;
  lesion?: string;
  code?: string;
}

export interface AnalysisOptions {
  pfsRules: 'simple' | 'fda-2018';
  responseSource: 'measurements' | 'recorded';
  timeUnit: TimeUnit;
  orrResponse: 'unconfirmed' | 'confirmed';
}

export interface AnalysisReport {
  summary: {
    subjects: number;
    analysed: number;
    arms: string[];
    records: { adrs: number; adtte: number; adtr: number; timepoints: number };
    disagreements: number;
    errors: number;
    options: AnalysisOptions & Record<string, unknown>;
  };
  problems: AnalysisProblem[];
  survival: { pfs: SurvivalReport | null; os: SurvivalReport | null };
  orr: OrrReport | null;
  figures: {
    waterfall: Figure<{ bars: WaterfallBar[] }> | null;
    spider: Figure<{ subjects: number }> | null;
    swimmer: Figure<{ lanes: SwimmerLane[] }> | null;
  };
  datasets: DataFile[];
}

export interface StudyTexts {
  tu: string;
  tr: string;
  rs?: string;
  adsl: string;
  fileNames?: Partial<Record<'tu' | 'tr' | 'rs' | 'adsl', string>>;
}
