/**
 * CSV text: records with the file line each starts on (csv-parse), and a data file as named columns
 * whose every problem names the file, the line and the column.
 */
export { type CsvRecord, parseCsv } from './parse.ts';
export {
  DataFileError,
  isNumericColumn,
  labelColumn,
  lineOfRow,
  numberColumn,
  readTable,
  type Table,
} from './table.ts';
