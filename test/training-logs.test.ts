import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32c, maskCrc } from '../src/math/crc32c.js';
import { describeTag } from '../src/data/training-log.js';
import { loadTrainingLogs, runNameOf } from '../src/io/logs/load.js';
import { audit, fixture } from './helpers/cli.js';

const series = (log: { series: { tag: string; steps: Float64Array; values: Float64Array; epochs: Float64Array }[] }, tag: string) => {
  const s = log.series.find((x) => x.tag === tag);
  if (!s) throw new Error(`no series ${tag}`);
  return { steps: [...s.steps], values: [...s.values], epochs: [...s.epochs] };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'trainaudit-logs-'));

describe('CRC-32C', () => {
  it("matches the check value of the Castagnoli polynomial and TensorFlow's mask", () => {
    // The standard check value: CRC-32C("123456789") = 0xE3069283 (RFC 3720, appendix B.4).
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa); // RFC 3720 B.4: 32 bytes of zeros
    expect(maskCrc(0)).toBe(0xa282ead8);
  });
});

describe('what a tag measures', () => {
  it.each([
    ['eval_loss', 'hf-trainer', 'validation', 'loss', false],
    ['loss', 'hf-trainer', 'train', 'loss', false],
    ['eval_f1_macro', 'hf-trainer', 'validation', 'f1_macro', true],
    ['val/box_loss', 'ultralytics-csv', 'validation', 'box_loss', false],
    ['metrics/mAP50-95(B)', 'ultralytics-csv', 'validation', 'mAP50-95(B)', true],
    ['train_loss_epoch', 'lightning-csv', 'train', 'loss', false],
    ['val_accuracy', 'keras-csv', 'validation', 'accuracy', true],
    ['accuracy', 'keras-csv', 'train', 'accuracy', true],
    ['test_loss', 'lightning-csv', 'test', 'loss', false],
  ] as const)('%s', (tag, format, split, metric, higher) => {
    expect(describeTag(tag, format)).toMatchObject({ split, metric, higherIsBetter: higher });
  });
  it('knows bookkeeping and schedule tags', () => {
    for (const tag of ['epoch', 'step', 'eval_runtime', 'eval_samples_per_second', 'total_flos', 'train_runtime', 'time', 'hp_metric'])
      expect(describeTag(tag, 'hf-trainer')).toBeNull();
    expect(describeTag('learning_rate', 'hf-trainer')?.kind).toBe('learning-rate');
    expect(describeTag('lr/pg0', 'ultralytics-csv')?.kind).toBe('learning-rate');
    expect(describeTag('grad_norm', 'hf-trainer')?.kind).toBe('grad-norm');
  });
});

describe('run names from paths', () => {
  it('takes the nearest folder that the trainer did not name', () => {
    expect(runNameOf('/x/runs/seed-3/checkpoint-500/trainer_state.json', '/x/runs')).toBe('seed-3');
    expect(runNameOf('/x/lr-1e-4/lightning_logs/version_0/metrics.csv', '/x')).toBe('lr-1e-4');
    expect(runNameOf('/x/keras/seed-0.csv', null)).toBe('seed-0');
  });
});

describe('real logs from public projects (fixtures/training-logs/SOURCE.md)', () => {
  it('reads a Hugging Face trainer_state.json with its best metric', async () => {
    const { logs } = await loadTrainingLogs([fixture('training-logs/hf-sentiment')]);
    expect(logs).toHaveLength(1);
    const log = logs[0];
    expect(log.format).toBe('hf-trainer');
    expect(series(log, 'eval_loss')).toEqual({
      steps: [815, 1630, 2445],
      values: [0.3252468705177307, 0.3028872609138489, 0.3082576394081116],
      epochs: [1, 2, 3],
    });
    expect(series(log, 'loss').values).toHaveLength(48);
    expect(log.best).toEqual({ metric: 0.6534430847919005, checkpoint: './results\\checkpoint-2445', step: 2445 });
    // HF's end-of-run summary (train_loss, train_runtime) and eval throughput are not curves.
    expect(log.series.map((s) => s.tag).sort()).toEqual(['eval_accuracy', 'eval_f1_macro', 'eval_loss', 'grad_norm', 'learning_rate', 'loss']);
  });

  it('reads the sparse rows of a Lightning CSVLogger metrics.csv', async () => {
    const { logs } = await loadTrainingLogs([fixture('training-logs/lightning-cv/metrics.csv')]);
    const log = logs[0];
    expect(log.format).toBe('lightning-csv');
    expect(series(log, 'train_loss').values).toHaveLength(171);
    const val = series(log, 'val_accuracy');
    expect(val.steps).toEqual([1718, 3437, 5156, 6875, 8594, 8595]);
    expect(val.values[0]).toBe(0.9761999845504761);
    expect(series(log, 'test_loss').values).toEqual([0.0322248712182045]);
  });

  it('reads an Ultralytics results.csv (one row per epoch, the epoch as the step)', async () => {
    const { logs } = await loadTrainingLogs([fixture('training-logs/ultralytics-gallstone')]);
    const log = logs[0];
    expect(log.format).toBe('ultralytics-csv');
    expect(series(log, 'val/box_loss').steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(series(log, 'metrics/mAP50(B)').values[1]).toBe(0.71813);
  });

  it("reads TensorBoard event files written by Lightning and by Ultralytics, merging a run's files", async () => {
    const lightning = (await loadTrainingLogs([fixture('training-logs/tensorboard-lightning')])).logs;
    expect(lightning).toHaveLength(1);
    expect(lightning[0].files).toHaveLength(2);
    const val = series(lightning[0], 'val_loss');
    expect(val.values).toHaveLength(5);
    // Lightning logs an `epoch` scalar at each step: the points get their epochs from it.
    expect(val.epochs).toEqual([0, 1, 2, 3, 4]);
    expect(series(lightning[0], 'test_accuracy').values).toHaveLength(1);
    const ultralytics = (await loadTrainingLogs([fixture('training-logs/tensorboard-ultralytics')])).logs[0];
    // A 330 KB graph_def record precedes the scalars: skipped as a field the reader does not need.
    expect(series(ultralytics, 'train/box_loss').values).toHaveLength(10);
    const csv = (await loadTrainingLogs([fixture('training-logs/ultralytics-gallstone')])).logs[0];
    // The same run's CSV rounds to 5 decimals; the event file holds float32.
    series(ultralytics, 'train/box_loss').values.forEach((v, i) => expect(v).toBeCloseTo(series(csv, 'train/box_loss').values[i], 4));
  });
});

describe('event files from an independent writer (test/reference/tfevents_writer.py)', () => {
  const expected = JSON.parse(readFileSync(fixture('training-dynamics/tensorboard/expected.json'), 'utf8'));
  it.each(['simple', 'tensor'])('%s: simple_value and scalar tensors read exactly (float32)', async (folder) => {
    const log = (await loadTrainingLogs([fixture('training-dynamics/tensorboard', folder)])).logs[0];
    for (const tag of ['train/loss', 'validation/loss', 'validation/accuracy']) {
      expect(series(log, tag).steps).toEqual(expected.steps);
      expect(series(log, tag).values).toEqual(expected[tag]);
    }
    // The text summary (a string tensor, plugin "text") is not a scalar.
    expect(log.series.map((s) => s.tag)).not.toContain('notes/text_summary');
  });

  it('reports a last record cut short and keeps the records before it', async () => {
    const log = (await loadTrainingLogs([fixture('training-dynamics/tensorboard/truncated')])).logs[0];
    expect(log.truncated).toEqual({ offset: expected.truncatedOffset, records: expected.records - 1 });
    expect(series(log, 'validation/accuracy').values).toEqual(expected['validation/accuracy'].slice(0, -1));
    const run = audit([
      fixture('training-dynamics/noisy/data.csv'),
      '--logs',
      fixture('training-dynamics/tensorboard/truncated'),
      '--checks',
      'training-curves',
      '-f',
      'json',
    ]);
    expect(run.status).not.toBe(2);
    expect(run.json.findings.map((f: { id: string }) => f.id)).toContain('training-curves/truncated-log');
  });

  it('refuses a damaged record, naming its byte offset (exit 2)', () => {
    const run = audit([fixture('training-dynamics/noisy/data.csv'), '--logs', fixture('training-dynamics/tensorboard/corrupt'), '--checks', 'training-curves']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`record ${expected.corruptRecord} at byte offset ${expected.corruptOffset}`);
    expect(run.stderr).toContain('events.out.tfevents.4.writer');
    expect(run.stdout).toBe('');
  });
});

describe('malformed logs are exit-2 errors naming the file and line', () => {
  const data = fixture('training-dynamics/noisy/data.csv');
  it.each([
    [
      'log.jsonl',
      '{"run": "a", "step": 1, "metric": "loss", "value": 0.5}\n{"run": "a", "step": 2, "metric": "loss", "value": "high"}\n',
      'log.jsonl:2: "value" of "loss" is not a number',
    ],
    [
      'log.jsonl',
      '{"run": "a", "step": 1, "metric": "loss", "value": 0.5}\n{"run": "a", "metric": "loss", "value": 0.4}\n',
      'log.jsonl:2: missing or non-numeric "step"',
    ],
    ['log.jsonl', '{"run": "a", "step": 1, "metric": "loss", "value": 0.5\n', 'log.jsonl:1: invalid JSON'],
    ['metrics.csv', 'epoch,step,train_loss,val_loss\n0,10,0.5,\n0,20,oops,\n', 'metrics.csv:3: column "train_loss" holds "oops", not a number'],
    ['history.csv', 'loss,val_loss\n0.5,0.6\n', 'history.csv:1: not a training log'],
    ['trainer_state.json', '{"log_history": [{"step": 1, "loss": 0.5},\n {"step": 2, "loss": }]}', 'trainer_state.json:2: invalid JSON'],
    ['trainer_state.json', '{"epoch": 1}', 'trainer_state.json: not a Hugging Face trainer_state.json'],
  ])('%s', (name, content, message) => {
    const dir = tmp();
    writeFileSync(join(dir, name), content);
    const run = audit([data, '--logs', join(dir, name), '--checks', 'training-curves']);
    expect(run.stderr).toContain(message);
    expect(run.status).toBe(2);
  });

  it("reads Python's NaN and Infinity as the numbers a diverged run logged", async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'run-a'));
    writeFileSync(
      join(dir, 'run-a', 'trainer_state.json'),
      JSON.stringify({ log_history: [1, 2, 3, 4, 5, 6].map((step) => ({ step, epoch: step / 2, loss: 1 / step })) })
        .replace('"loss":0.2}', '"loss":NaN}')
        .replace('"loss":0.16666666666666666}', '"loss":Infinity}'),
    );
    const log = (await loadTrainingLogs([dir])).logs[0];
    expect(log.run).toBe('run-a');
    const values = series(log, 'loss').values;
    expect(Number.isNaN(values[4])).toBe(true);
    expect(values[5]).toBe(Infinity);
  });

  it('a folder without logs, and a file of another kind, are refused', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    expect(audit([data, '--logs', dir]).stderr).toContain('no training logs in this folder');
    expect(audit([data, '--logs', join(dir, 'notes.txt')]).stderr).toContain('not a training log this tool reads');
    expect(audit([data, '--logs', join(dir, 'missing.jsonl')]).status).toBe(2);
  });
});
