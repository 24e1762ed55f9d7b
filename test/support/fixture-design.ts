/**
 * The Cox design matrix R built for a fixture model formula (../shared/fixtures/r-survival/FORMAT.md),
 * as typed arrays, so the tests of cox-zph and concordance can use the fixture's β̂ directly. `group` becomes one 0/1 dummy per level after the reference `group_levels[0]`,
 * other names are numeric covariates, `strata(strata)` gives the stratum codes, and rows with a
 * missing covariate are dropped as R's na.omit does.
 */
import { factorCodes } from '../../src/stats/input.ts';
import type { SurvivalCase } from './r-fixtures.ts';

export interface FixtureDesign {
  time: Float64Array;
  event: Uint8Array;
  strata: Int32Array | undefined;
  x: Float64Array[];
  /** Column names as R prints them (`group2`, `age`). */
  columnNames: string[];
  terms: { name: string; columns: number[] }[];
  /** 1-based rows dropped for a missing covariate (R's `na.action`). */
  omittedRows: number[];
}

export function fixtureDesign(fixture: SurvivalCase, formula: string): FixtureDesign {
  const rhs = formula.split('~')[1];
  if (rhs === undefined) throw new Error(`no right-hand side in ${formula}`);
  const { data } = fixture;
  const columns: (number | null)[][] = [];
  const columnNames: string[] = [];
  const terms: { name: string; columns: number[] }[] = [];
  let strataCodes: Int32Array | undefined;
  for (const raw of rhs.split('+')) {
    const term = raw.trim();
    if (term === 'strata(strata)') {
      if (!data.strata || !fixture.strata_levels) throw new Error(`${fixture.case_id} has no strata`);
      strataCodes = factorCodes(data.strata, fixture.strata_levels, 'strata');
    } else if (term === 'group') {
      const first = columns.length;
      for (const level of fixture.group_levels.slice(1)) {
        columns.push(data.group.map((g) => (g === level ? 1 : 0)));
        columnNames.push(`group${level}`);
      }
      terms.push({ name: 'group', columns: columnNames.slice(first).map((_, k) => first + k) });
    } else {
      const values = data.covariates[term];
      if (!values) throw new Error(`${fixture.case_id} has no covariate ${term}`);
      terms.push({ name: term, columns: [columns.length] });
      columns.push(values);
      columnNames.push(term);
    }
  }
  const keep: number[] = [];
  const omittedRows: number[] = [];
  for (let i = 0; i < data.n; i++) {
    if (columns.some((c) => c[i] === null)) omittedRows.push(i + 1);
    else keep.push(i);
  }
  return {
    time: Float64Array.from(keep, (i) => data.time[i] as number),
    event: Uint8Array.from(keep, (i) => data.event[i] as number),
    strata: strataCodes && Int32Array.from(keep, (i) => strataCodes[i] as number),
    x: columns.map((c) => Float64Array.from(keep, (i) => c[i] as number)),
    columnNames,
    terms,
    omittedRows,
  };
}
