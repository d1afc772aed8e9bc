/**
 * `audit scan-shard`: one shard task of a contamination scan too large for one machine. It indexes
 * the evaluation items of the data file exactly as the contamination check does (same roles, same
 * options from the config), scans one shard of the fine-tuning corpus, and writes the partial result
 * (io/corpus-scan.ts, JSON). `audit merge DATA ... --partials FILES` then gives the report one
 * process scanning every shard in the same order gives.
 */
import { loadData } from './io/data.js';
import { detectRoles } from './data/roles.js';
import { rowRoles } from './data/row-roles.js';
import { scanCorpus, scanToJson } from './io/corpus-scan.js';
import { writeFileAtomic } from './io/write.js';
import { InputError } from './errors.js';
import { buildIndex, evaluationItems, TRAINING_EXAMPLES } from './checks/contamination/check.js';
import { options as contaminationOptions } from './checks/contamination/options.js';
import type { Config } from './config.js';

export interface ShardRequest extends Config {
  data: string;
  shards: string[];
  out: string;
}

export async function scanShard(request: ShardRequest): Promise<{ rows: number; holding: number }> {
  if (!request.trainTextCols || request.trainTextCols.length === 0)
    throw new InputError('scan-shard needs --train-text-cols (the fields holding the corpus text)');
  const parsed = contaminationOptions.safeParse({ ...(request.checkOptions?.contamination ?? {}), textCols: request.trainTextCols, files: request.shards });
  if (!parsed.success) throw new InputError(`checkOptions.contamination: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const opts = parsed.data;
  const data = await loadData(request.data, { format: request.dataFormat ?? null });
  const roles = detectRoles(data, {
    idCol: request.idCol,
    labelCol: request.labelCol,
    textCol: request.textCol,
    splitCol: request.splitCol,
    sliceCols: request.sliceCols,
  });
  const items = evaluationItems({ data, roles, rowRoles: rowRoles(data, roles, false) }, opts.itemCols);
  if (!items) throw new InputError('the data has no text column for the evaluation items (give --text-col)', data.path);
  const { index, digest } = buildIndex(items.texts, opts);
  const scan = await scanCorpus(request.shards, index, digest, { columns: opts.textCols, rowShare: opts.minCoverage, maxExamples: TRAINING_EXAMPLES });
  await writeFileAtomic(request.out, `${JSON.stringify(scanToJson(scan))}\n`);
  return { rows: scan.counts.rowsScanned, holding: scan.rowsHolding };
}
