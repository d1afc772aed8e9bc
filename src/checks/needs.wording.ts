/** Why a check was skipped, in English and Chinese: the reasons of unmet needs and of the check selection. */
import { BASELINE_MODEL } from '../core/vocabulary.js';
import { phrase, words } from './support/bilingual.js';

export const skipReasons = {
  notSelected: phrase('not selected by --checks', '未被 --checks 选中'),
  skippedByFlag: phrase('skipped by --skip-checks', '被 --skip-checks 跳过'),
  /** A generation benchmark: `harness` scored each free-text answer. */
  generationBenchmark: words(
    (harness: string) =>
      `needs classes: these benchmark items are a generation task (free-text answers, each scored by ${harness}), not a choice among classes`,
    (harness) => `需要类别：这些基准题是生成任务（自由文本答案，每条由 ${harness} 评分），不是在类别中选择`,
  ),
  labels: phrase(
    'needs labels: no label column was found (give --label-col) and the predictions carry no "label"',
    '需要标签：未找到标签列（请用 --label-col 指定），预测中也没有 "label"',
  ),
  predictions: phrase('needs predictions: give one or more prediction files', '需要预测：请提供一个或多个预测文件'),
  probabilities: phrase('needs class probabilities ("probs" or "logits") in the predictions', '需要预测中带有类别概率（"probs" 或 "logits"）'),
  /** Runs of several configurations of a prompted model, one each. */
  runsOfConfigurations: words(
    (runs: number, models: number) =>
      `needs two or more runs of one configuration; got ${runs} runs of ${models} configurations (model, n-shot setting, filter), one each (runs of different configurations are not repeats of one evaluation)`,
    (runs, models) =>
      `需要同一配置的两次或更多运行；实际为 ${models} 种配置（模型、n-shot 设置、过滤方式）各一次，共 ${runs} 次运行（不同配置的运行不是同一评估的重复）`,
  ),
  runsOfModels: words(
    (runs: number, models: number) =>
      `needs two or more runs (seeds) of one model; got ${runs} runs of ${models} models, one each (runs of different models are not seeds)`,
    (runs, models) => `需要同一模型的两次或更多运行（种子）；实际为 ${models} 个模型各一次，共 ${runs} 次运行（不同模型的运行不是不同种子）`,
  ),
  runs: words(
    (runs: number) => `needs two or more runs (seeds); got ${runs}`,
    (runs) => `需要两次或更多运行（种子）；实际为 ${runs} 次`,
  ),
  outcomes: phrase(
    'needs labels (give --label-col) or per-example "correct"/"score" values in the predictions',
    '需要标签（请用 --label-col 指定），或预测中逐条的 "correct"/"score" 值',
  ),
  text: phrase('needs a text column (give --text-col)', '需要文本列（请用 --text-col 指定）'),
  textOrEmbeddings: phrase(
    'needs a text column (give --text-col) or embeddings (--embeddings FILE or --embedding-col NAME)',
    '需要文本列（请用 --text-col 指定）或嵌入向量（--embeddings FILE 或 --embedding-col NAME）',
  ),
  split: phrase('needs a split column (give --split-col) or a training file (--train)', '需要划分列（请用 --split-col 指定）或训练文件（--train）'),
  slices: phrase('needs slice columns (give --slice-cols)', '需要切片列（请用 --slice-cols 指定）'),
  logs: phrase(
    'needs training logs (give --logs with trainer_state.json, a CSV log, TensorBoard event files or a JSONL of {run, step, metric, value})',
    '需要训练日志（请用 --logs 提供 trainer_state.json、CSV 日志、TensorBoard 事件文件或 {run, step, metric, value} 的 JSONL）',
  ),
  snapshots: phrase(
    'needs predictions at several epochs of a run (records with "epoch", "step" or "checkpoint")',
    '需要一次运行在多个轮次上的预测（带有 "epoch"、"step" 或 "checkpoint" 的记录）',
  ),
  embeddings: phrase(
    'needs embeddings: give --embeddings FILE (.npy, .npz, Parquet or Arrow, one vector per data row) or --embedding-col NAME',
    '需要嵌入向量：请用 --embeddings FILE（.npy、.npz、Parquet 或 Arrow，每个数据行一个向量）或 --embedding-col NAME 提供',
  ),
  noBaseline: phrase(
    `needs baseline runs to compare with (give --baseline-runs FILES, or records with "model": "${BASELINE_MODEL}")`,
    `需要用于比较的基线运行（请用 --baseline-runs FILES 提供，或使用带有 "model": "${BASELINE_MODEL}" 的记录）`,
  ),
  onlyBaseline: phrase('needs candidate runs beside the baseline runs', '除基线运行外还需要候选运行'),
};

/** A skip reason as logic gives it: its key in the table and its arguments. */
export type SkipReason = {
  [Key in keyof typeof skipReasons]: { key: Key; args: Parameters<(typeof skipReasons)[Key]['en']> };
}[keyof typeof skipReasons];
