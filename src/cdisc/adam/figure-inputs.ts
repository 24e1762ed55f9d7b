/**
 * The response figures' inputs (waterfall, spider, swimmer) from the derived datasets as tables with
 * the columns of adam/columns.ts: `trialkit plot` reads them from the files `trialkit derive` wrote,
 * the analysis view from the same CSV text. A missing column or a bad number is a DataFileError naming
 * the file and the dataset (`--adtr`); what the figure cannot draw, the plot's renderer refuses.
 */
import { labelColumn, numberColumn, type Table } from '../../csv/index.ts';
import type {
  SpiderPlotInput,
  SwimmerEvent,
  SwimmerLane,
  SwimmerPlotInput,
  WaterfallPlotInput,
} from '../../stats/index.ts';

/** Rows as records of text, for the few columns a plot reads. */
function rows(t: Table, columns: string[], option: string): Record<string, string | null>[] {
  const values = columns.map((c) => labelColumn(t, c, option));
  return t.rows.map((_, i) => Object.fromEntries(columns.map((c, j) => [c, values[j]?.[i] ?? null])));
}

const RESPONSES = new Set(['CR', 'PR', 'SD', 'PD', 'NE']);

/** Best overall response per subject from ADRS (PARAMCD BOR). */
function bestResponses(adrs: Table | undefined): Map<string, 'CR' | 'PR' | 'SD' | 'PD' | 'NE'> {
  const best = new Map<string, 'CR' | 'PR' | 'SD' | 'PD' | 'NE'>();
  if (!adrs) return best;
  for (const r of rows(adrs, ['USUBJID', 'PARAMCD', 'AVALC'], '--adrs')) {
    if (r.PARAMCD === 'BOR' && r.USUBJID && r.AVALC && RESPONSES.has(r.AVALC))
      best.set(r.USUBJID, r.AVALC as never);
  }
  return best;
}

/** Post-baseline ADTR rows with a percent change. */
function changes(adtr: Table) {
  const pchg = numberColumn(adtr, 'PCHG', '--adtr');
  const ady = numberColumn(adtr, 'ADY', '--adtr');
  return rows(adtr, ['USUBJID', 'ARM', 'ABLFL', 'ANL01FL'], '--adtr').flatMap((r, i) =>
    r.ABLFL !== 'Y' && r.ANL01FL === 'Y' && pchg[i] != null && r.USUBJID
      ? [{ subject: r.USUBJID, arm: r.ARM ?? '', day: ady[i] as number, percentChange: pchg[i] as number }]
      : [],
  );
}

/** The waterfall's bars from ADTR (best post-baseline % change) and ADRS (BOR letters), as `derive` writes them. */
export function waterfallInput(adtr: Table, adrs?: Table): WaterfallPlotInput {
  const best = bestResponses(adrs);
  const bySubject = new Map<string, { subject: string; arm: string; bestPercentChange: number }>();
  for (const c of changes(adtr)) {
    const seen = bySubject.get(c.subject);
    if (!seen || c.percentChange < seen.bestPercentChange) {
      bySubject.set(c.subject, { subject: c.subject, arm: c.arm, bestPercentChange: c.percentChange });
    }
  }
  const bars = [...bySubject.values()].map((b) => {
    const bestResponse = best.get(b.subject);
    return bestResponse ? { ...b, bestResponse } : b;
  });
  return { bars };
}

/** The spider plot's lines from ADTR (% change per visit) and ADRS (BOR PD marks the line). */
export function spiderInput(adtr: Table, adrs?: Table): SpiderPlotInput {
  const lines = new Map<
    string,
    { subject: string; arm: string; points: { day: number; percentChange: number }[] }
  >();
  for (const c of changes(adtr)) {
    const line = lines.get(c.subject) ?? { subject: c.subject, arm: c.arm, points: [] };
    line.points.push({ day: c.day - 1, percentChange: c.percentChange });
    lines.set(c.subject, line);
  }
  const best = bestResponses(adrs);
  return { lines: [...lines.values()].map((l) => ({ ...l, progressed: best.get(l.subject) === 'PD' })) };
}

/** The swimmer lanes from ADTTE (OS: time on study, death) and ADRS (OVR responses on the lanes). */
export function swimmerInput(adtteTable: Table, adrsTable: Table): SwimmerPlotInput {
  const adtte = rows(adtteTable, ['USUBJID', 'ARM', 'PARAMCD', 'STARTDT', 'AVAL', 'CNSR'], '--adtte');
  const adrs = rows(adrsTable, ['USUBJID', 'PARAMCD', 'AVALC', 'ADT', 'ANL01FL'], '--adrs');
  const lanes = new Map<string, Omit<SwimmerLane, 'events'> & { events: SwimmerEvent[]; start: string }>();
  for (const r of adtte) {
    if (r.PARAMCD !== 'OS' || !r.USUBJID || !r.STARTDT) continue;
    const endDay = Number(r.AVAL) - 1;
    const died = r.CNSR === '0';
    lanes.set(r.USUBJID, {
      subject: r.USUBJID,
      arm: r.ARM ?? '',
      endDay,
      ongoing: !died,
      events: died ? [{ day: endDay, kind: 'death' }] : [],
      start: r.STARTDT,
    });
  }
  const day = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  for (const r of adrs) {
    const lane = r.USUBJID ? lanes.get(r.USUBJID) : undefined;
    if (!lane || r.PARAMCD !== 'OVR' || r.ANL01FL !== 'Y' || !r.ADT || !r.AVALC) continue;
    if (r.AVALC === 'CR' || r.AVALC === 'PR' || r.AVALC === 'SD' || r.AVALC === 'PD') {
      const at = day(lane.start, r.ADT);
      if (at >= 0 && at <= lane.endDay) lane.events.push({ day: at, kind: r.AVALC });
    }
  }
  return { lanes: [...lanes.values()].map(({ start: _start, ...lane }) => lane) };
}
