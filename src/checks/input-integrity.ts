import { z } from 'zod';
import { defineCheck, type Example, type FindingDraft } from './types.js';

const options = z
  .object({
    /** How many examples (lines) a finding lists; the metrics list every ragged line. */
    maxExamples: z.number().int().min(1).default(10),
  })
  .strict();

/**
 * Problems of the input files themselves: ragged rows, renamed duplicate headers, prediction
 * ids that match no data row, data rows without predictions, runs covering different rows.
 */
export const inputIntegrity = defineCheck({
  id: 'input-integrity',
  title: 'Input integrity',
  description: 'Ragged rows, duplicate header names, prediction ids without a data row, data rows without predictions, runs that cover different rows.',
  needs: [],
  options,
  run(context) {
    const { maxExamples } = context.options as z.output<typeof options>;
    const { data, predictions } = context;
    const findings: FindingDraft[] = [];
    const ragged = data.raggedRows;
    if (ragged.length > 0) {
      const short = ragged.filter((r) => r.fields < data.expectedFields).length;
      findings.push({
        key: 'ragged-rows',
        severity: ragged.length / data.rowCount >= 0.01 ? 'medium' : 'low',
        title: `${ragged.length} row${ragged.length === 1 ? '' : 's'} with the wrong number of fields`,
        summary: `${ragged.length} of ${data.rowCount} rows do not have the header's ${data.expectedFields} fields (${short} short, padded with missing cells; ${ragged.length - short} long, extra fields ignored): lines ${ragged.slice(0, 10).map((r) => r.line).join(', ')}${ragged.length > 10 ? ', ...' : ''}. A stray delimiter or an unquoted comma shifts every later column of the row.`,
        metrics: { raggedRows: ragged.length, lines: ragged.map((r) => r.line), expectedFields: data.expectedFields, rows: data.rowCount, shortRows: short },
        examples: ragged.slice(0, maxExamples).map((r) => context.example(r.row, { fields: r.fields })),
      });
    }
    if (data.renamedHeaders.length > 0) {
      findings.push({
        key: 'duplicate-headers',
        severity: 'low',
        title: `${data.renamedHeaders.length} header name${data.renamedHeaders.length === 1 ? '' : 's'} repeated or empty`,
        summary: `Renamed to keep columns apart: ${data.renamedHeaders.map((h) => `"${h.original}" (column ${h.position + 1}) -> "${h.renamed}"`).join(', ')}. Check which copy your training code reads.`,
        metrics: { renamed: data.renamedHeaders as never },
        examples: [],
      });
    }
    // With predictions a repeated id is an input error (the join is ambiguous); without, a finding.
    const idColumn = context.roles.id && !predictions ? data.column(context.roles.id) : undefined;
    if (idColumn) {
      const firstRow = new Map<string, number>();
      const repeated: { row: number; first: number }[] = [];
      let duplicateRows = 0;
      for (let row = 0; row < data.rowCount; row++) {
        if (idColumn.isMissing(row)) continue;
        const id = idColumn.get(row);
        const first = firstRow.get(id);
        if (first === undefined) firstRow.set(id, row);
        else {
          duplicateRows++;
          if (repeated.length < maxExamples) repeated.push({ row, first });
        }
      }
      if (duplicateRows > 0) {
        const shown = repeated.slice(0, 3).map((r) => `"${idColumn.get(r.row)}" (lines ${data.lines[r.first]} and ${data.lines[r.row]})`);
        findings.push({
          key: 'duplicate-ids',
          severity: 'medium',
          title: `${duplicateRows} row${duplicateRows === 1 ? ' repeats an id' : 's repeat ids'} of the id column`,
          summary: `${duplicateRows} of ${data.rowCount} rows ${duplicateRows === 1 ? "has" : "have"} an id that an earlier row of "${idColumn.name}" already has (first: ${shown.join(', ')}). Predictions cannot be joined to these rows by id: give another --id-col, or make the ids unique.`,
          metrics: { duplicateIdRows: duplicateRows, rows: data.rowCount, column: idColumn.name, firstLines: repeated.slice(0, 3).map((r) => [data.lines[r.first], data.lines[r.row]]), firstIds: repeated.slice(0, 3).map((r) => idColumn.get(r.row)) },
          examples: repeated.map((r) => context.example(r.row, { firstRow: r.first })),
        });
      }
    }
    const read = data.read;
    if (read) {
      const { lf, crlf, cr } = read.lineEndings;
      const kinds = [lf > 0, crlf > 0, cr > 0].filter(Boolean).length;
      if (kinds > 1) {
        const parts = ([['LF', lf, read.firstLineEnding.lf], ['CRLF', crlf, read.firstLineEnding.crlf], ['CR', cr, read.firstLineEnding.cr]] as const).filter(([, count]) => count > 0);
        findings.push({
          key: 'mixed-line-endings',
          severity: 'low',
          title: 'Lines end in different ways',
          summary: `The file mixes line endings: ${parts.map(([name, count, first]) => `${count} ${name} (first at line ${first})`).join(', ')}. Each was read as one line break, so no carriage return is left inside a value; tools that split on one kind only would read these lines differently.`,
          metrics: { lf, crlf, cr, firstLf: read.firstLineEnding.lf, firstCrlf: read.firstLineEnding.crlf, firstCr: read.firstLineEnding.cr },
          examples: [],
        });
      }
      if (read.undecodable > 0) {
        findings.push({
          key: 'undecodable-bytes',
          severity: 'medium',
          title: `${read.undecodable} byte sequence${read.undecodable === 1 ? ' is' : 's are'} not valid UTF-8`,
          summary: `${read.undecodable} byte sequence${read.undecodable === 1 ? '' : 's'} could not be decoded as UTF-8 and became U+FFFD (line${read.undecodableLines.length === 1 && read.undecodable === 1 ? "" : "s"} ${read.undecodableLines.join(', ')}${read.undecodable > read.undecodableLines.length ? ', ...' : ''}); texts holding them no longer match their originals. If the file is Latin-1, run again with --encoding latin1.`,
          metrics: { undecodable: read.undecodable, lines: read.undecodableLines },
          examples: [],
        });
      }
    }
    const metrics: Record<string, unknown> = {
      rows: data.rowCount,
      raggedRows: ragged.length,
      raggedLines: ragged.map((r) => r.line),
      renamedHeaders: data.renamedHeaders,
    };
    if (predictions) {
      const { unmatched, uncovered, runs } = predictions;
      metrics.unmatchedRecords = unmatched.count;
      metrics.rowsWithoutPredictions = uncovered.count;
      metrics.coverage = runs.map((run) => ({ run: run.name, rows: run.count, share: data.rowCount === 0 ? 0 : run.count / data.rowCount }));
      if (unmatched.count > 0) {
        findings.push({
          key: 'unmatched-predictions',
          severity: unmatched.count / Math.max(1, predictions.records) >= 0.01 ? 'high' : 'medium',
          title: `${unmatched.count} prediction record${unmatched.count === 1 ? '' : 's'} match no data row`,
          summary: `${unmatched.count} of ${predictions.records} prediction records have an id that is not in the data (first: ${unmatched.examples.slice(0, 3).map((e) => `"${e.id}" at ${e.path}:${e.line}`).join(', ')}). They are left out of every metric; the data and the predictions may come from different versions of the dataset.`,
          metrics: { unmatchedRecords: unmatched.count, records: predictions.records, examples: unmatched.examples as never },
          examples: [],
        });
      }
      if (uncovered.count > 0 && runs.length > 0) {
        const examples: Example[] = uncovered.rows.slice(0, maxExamples).map((row) => context.example(row));
        findings.push({
          key: 'rows-without-predictions',
          severity: uncovered.count / data.rowCount >= 0.05 ? 'medium' : 'low',
          title: `${uncovered.count} data row${uncovered.count === 1 ? '' : 's'} without predictions`,
          summary: `${uncovered.count} of ${data.rowCount} data rows (${((uncovered.count / data.rowCount) * 100).toFixed(2)}%) have no prediction in any run; prediction-based metrics cover only the other rows.`,
          metrics: { rowsWithoutPredictions: uncovered.count, rows: data.rowCount },
          examples,
        });
      }
      const counts = runs.map((run) => run.count);
      if (runs.length >= 2 && Math.min(...counts) !== Math.max(...counts)) {
        let common = 0;
        for (let row = 0; row < data.rowCount; row++) if (runs.every((run) => run.covered[row])) common++;
        metrics.commonRows = common;
        findings.push({
          key: 'uneven-run-coverage',
          severity: 'low',
          title: 'Runs cover different rows',
          summary: `The ${runs.length} runs cover between ${Math.min(...counts)} and ${Math.max(...counts)} rows; ${common} rows are covered by every run, and comparisons across runs use only those.`,
          metrics: { coverage: metrics.coverage as never, commonRows: common },
          examples: [],
        });
      }
    }
    return { metrics: metrics as never, findings };
  },
});
