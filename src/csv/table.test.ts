import { describe, expect, it } from 'vitest';
import { DataFileError, isNumericColumn, labelColumn, numberColumn, readTable } from './table.ts';

const csv = ['time,event,arm,age', '5,1,A,61', '"8",0,"B, late",NA', '', '12,1,A,.', '3,1,B,'].join('\r\n');

describe('readTable', () => {
  const table = readTable(csv, 'data.csv');

  it('reads quoted fields, CRLF and blank lines, and keeps each row’s file line', () => {
    expect(table.header).toEqual(['time', 'event', 'arm', 'age']);
    expect(labelColumn(table, 'arm', '--group')).toEqual(['A', 'B, late', 'A', 'B']);
    expect(table.lines).toEqual([2, 3, 5, 6]);
  });

  it('reads NA, "." and empty as missing', () => {
    expect(numberColumn(table, 'age', '--covariates')).toEqual([61, null, null, null]);
    expect(isNumericColumn(table, 'age', '--covariates')).toBe(true);
    expect(isNumericColumn(table, 'arm', '--covariates')).toBe(false);
  });

  it('names the option and lists the columns when a column is absent', () => {
    expect(() => numberColumn(table, 'days', '--time')).toThrow(
      '--time names column "days", which is not in the header (columns: time, event, arm, age)',
    );
  });

  it('names file, line, column and value of every value that is not a number', () => {
    const bad = readTable('time,event\n5,1\nfive,1\n7,x\nInfinity,0\n', 'd.csv');
    let error: unknown;
    try {
      numberColumn(bad, 'time', '--time');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as DataFileError).problems).toEqual([
      'd.csv:3: column "time": "five" is not a finite number',
      'd.csv:5: column "time": "Infinity" is not a finite number',
    ]);
  });

  it('refuses an empty file, a duplicated column and malformed CSV', () => {
    expect(() => readTable('', 'e.csv')).toThrow('e.csv: empty file');
    expect(() => readTable('a,a\n1,2\n', 'e.csv')).toThrow('column "a" appears twice');
    expect(() => readTable('a,b\n1,2,3\n', 'e.csv')).toThrow('e.csv: not valid CSV');
  });
});
