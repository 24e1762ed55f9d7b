/**
 * Reads the four files of a study and groups them per subject: the one call the CLI needs. Pure: takes
 * the texts, the caller reads the files.
 */
import { readAdsl } from './adsl.ts';
import { type GroupedStudy, groupBySubject } from './group-subjects.ts';
import type { Problem } from './problems.ts';
import type { ReadOptions } from './read-context.ts';
import { readRs } from './rs.ts';
import { readTr } from './tr.ts';
import { readTu } from './tu.ts';

export interface SourceText {
  /** File name or path, used in every problem. */
  file: string;
  text: string;
}

export interface StudyFiles {
  tu: SourceText;
  tr: SourceText;
  rs?: SourceText;
  adsl: SourceText;
}

export interface StudyRead extends GroupedStudy {
  /** Rows read but not used, per file and reason. */
  ignored: Record<string, Record<string, number>>;
}

export function readStudy(files: StudyFiles, options: ReadOptions = {}): StudyRead {
  const tu = readTu(files.tu.text, files.tu.file, options);
  const tr = readTr(files.tr.text, files.tr.file, options);
  const rs = files.rs
    ? readRs(files.rs.text, files.rs.file, options)
    : { records: [], problems: [], ignored: {} };
  const adsl = readAdsl(files.adsl.text, files.adsl.file, options);
  const grouped = groupBySubject({ tu: tu.records, tr: tr.records, rs: rs.records, adsl: adsl.records });
  const problems: Problem[] = [
    ...adsl.problems,
    ...tu.problems,
    ...tr.problems,
    ...rs.problems,
    ...grouped.problems,
  ];
  const ignored: StudyRead['ignored'] = {
    [files.tu.file]: tu.ignored,
    [files.tr.file]: tr.ignored,
    [files.adsl.file]: adsl.ignored,
  };
  if (files.rs) ignored[files.rs.file] = rs.ignored;
  return { subjects: grouped.subjects, problems, ignored };
}
