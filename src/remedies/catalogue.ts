/**
 * The remedy catalogue: one entry per technique named in the seed thread
 * (`../shared/seed/forum-thread-zh.txt`, summarised in `techniques-en.md`), plus the data fixes the
 * checks call for (leakage, missing values, input integrity). Plain data, no logic: `rank.ts` maps
 * findings to entries and orders them; `audit remedies` lists the catalogue as it is.
 *
 * `appliesTo` lists the findings that trigger an entry, as patterns on finding ids
 * (`<check>/<key>`): `check` alone matches every finding of that check, `check/key` one finding,
 * and a trailing `*` a prefix (`missing-values/missing:*`). An entry with an empty `appliesTo`
 * is about cost or speed rather than accuracy (or nothing here measures what it fixes): it is
 * listed in the catalogue but never ranked, since a ranked remedy needs a finding behind it.
 *
 * `measuredBy` names the headroom measures (see `rank.ts`) that size the entry when a finding of
 * the measure's check is behind it; entries without one are ranked by severity and cost only.
 */

import { TASKS, type Lang, type Task } from '../core/vocabulary.js';

export { TASKS, type Lang, type Task };
export type Cost = 'low' | 'medium' | 'high';
export type Category = 'data' | 'training' | 'model' | 'process';

/** Text in both languages of the human-readable output. */
export interface Text {
  en: string;
  zh: string;
}

/** A publication: authors as cited, year, title, venue. */
export interface Reference {
  authors: string;
  year: number;
  title: string;
  venue: string;
}

import type { HeadroomKind } from '../checks/types.js';
import type { FindingPattern } from '../checks/registry.js';

export type { HeadroomKind };

export interface CatalogueEntry {
  /** Stable id (kebab-case); other tools key on it. */
  id: string;
  category: Category;
  title: Text;
  summary: Text;
  /** When it applies, in words (the machine form is `appliesTo`). */
  when: Text;
  /** Finding-id patterns that trigger it (see the module comment); checked against the checks' tables by tsc. */
  appliesTo: FindingPattern[];
  /** Headroom measures that size it when their check has a finding behind it. */
  measuredBy: HeadroomKind[];
  cost: Cost;
  /** The terms the seed thread uses for it. */
  seedTerms: string[];
  variants: Record<Task, Text>;
  steps: { en: string[]; zh: string[] };
  references: Reference[];
}

// References used by more than one entry.
const NORTHCUTT_2021: Reference = { authors: 'Northcutt, C. G., Jiang, L., Chuang, I. L.', year: 2021, title: 'Confident Learning: Estimating Uncertainty in Dataset Labels', venue: 'Journal of Artificial Intelligence Research 70' };
const LEE_2022: Reference = { authors: 'Lee, K., Ippolito, D., Nystrom, A., Zhang, C., Eck, D., Callison-Burch, C., Carlini, N.', year: 2022, title: 'Deduplicating Training Data Makes Language Models Better', venue: 'ACL 2022' };
const CHAWLA_2002: Reference = { authors: 'Chawla, N. V., Bowyer, K. W., Hall, L. O., Kegelmeyer, W. P.', year: 2002, title: 'SMOTE: Synthetic Minority Over-sampling Technique', venue: 'Journal of Artificial Intelligence Research 16' };
const HINTON_2015: Reference = { authors: 'Hinton, G., Vinyals, O., Dean, J.', year: 2015, title: 'Distilling the Knowledge in a Neural Network', venue: 'NIPS 2014 Deep Learning Workshop (arXiv:1503.02531)' };
const LAKSHMINARAYANAN_2017: Reference = { authors: 'Lakshminarayanan, B., Pritzel, A., Blundell, C.', year: 2017, title: 'Simple and Scalable Predictive Uncertainty Estimation using Deep Ensembles', venue: 'NeurIPS 2017' };
const GUO_2017: Reference = { authors: 'Guo, C., Pleiss, G., Sun, Y., Weinberger, K. Q.', year: 2017, title: 'On Calibration of Modern Neural Networks', venue: 'ICML 2017' };
const BERGSTRA_2012: Reference = { authors: 'Bergstra, J., Bengio, Y.', year: 2012, title: 'Random Search for Hyper-Parameter Optimization', venue: 'Journal of Machine Learning Research 13' };
const SNOEK_2012: Reference = { authors: 'Snoek, J., Larochelle, H., Adams, R. P.', year: 2012, title: 'Practical Bayesian Optimization of Machine Learning Algorithms', venue: 'NeurIPS 2012' };
const CHEN_2018: Reference = { authors: 'Chen, I. Y., Johansson, F. D., Sontag, D.', year: 2018, title: 'Why Is My Classifier Discriminatory?', venue: 'NeurIPS 2018' };
const SENNRICH_2016: Reference = { authors: 'Sennrich, R., Haddow, B., Birch, A.', year: 2016, title: 'Improving Neural Machine Translation Models with Monolingual Data', venue: 'ACL 2016' };
const ZHANG_2018: Reference = { authors: 'Zhang, H., Cisse, M., Dauphin, Y. N., Lopez-Paz, D.', year: 2018, title: 'mixup: Beyond Empirical Risk Minimization', venue: 'ICLR 2018' };
const MOSBACH_2021: Reference = { authors: 'Mosbach, M., Andriushchenko, M., Klakow, D.', year: 2021, title: 'On the Stability of Fine-tuning BERT: Misconceptions, Explanations, and Strong Baselines', venue: 'ICLR 2021' };
const DODGE_2020: Reference = { authors: 'Dodge, J., Ilharco, G., Schwartz, R., Farhadi, A., Hajishirzi, H., Smith, N.', year: 2020, title: 'Fine-Tuning Pretrained Language Models: Weight Initializations, Data Orders, and Early Stopping', venue: 'arXiv:2002.06305' };
const BOUTHILLIER_2021: Reference = { authors: 'Bouthillier, X., Delaunay, P., Bronzi, M., et al.', year: 2021, title: 'Accounting for Variance in Machine Learning Benchmarks', venue: 'MLSys 2021' };
const KOHAVI_2009: Reference = { authors: 'Kohavi, R., Longbotham, R., Sommerfield, D., Henne, R. M.', year: 2009, title: 'Controlled Experiments on the Web: Survey and Practical Guide', venue: 'Data Mining and Knowledge Discovery 18(1)' };
const GAMA_2014: Reference = { authors: 'Gama, J., Žliobaitė, I., Bifet, A., Pechenizkiy, M., Bouchachia, A.', year: 2014, title: 'A Survey on Concept Drift Adaptation', venue: 'ACM Computing Surveys 46(4)' };
const XIE_2023: Reference = { authors: 'Xie, S. M., Pham, H., Dong, X., et al.', year: 2023, title: 'DoReMi: Optimizing Data Mixtures Speeds Up Language Model Pretraining', venue: 'NeurIPS 2023' };
const GURURANGAN_2020: Reference = { authors: 'Gururangan, S., Marasović, A., Swayamdipta, S., Lo, K., Beltagy, I., Downey, D., Smith, N. A.', year: 2020, title: "Don't Stop Pretraining: Adapt Language Models to Domains and Tasks", venue: 'ACL 2020' };
const CARUANA_1997: Reference = { authors: 'Caruana, R.', year: 1997, title: 'Multitask Learning', venue: 'Machine Learning 28(1)' };
const SRIVASTAVA_2014: Reference = { authors: 'Srivastava, N., Hinton, G., Krizhevsky, A., Sutskever, I., Salakhutdinov, R.', year: 2014, title: 'Dropout: A Simple Way to Prevent Neural Networks from Overfitting', venue: 'Journal of Machine Learning Research 15' };
const GOODFELLOW_2015: Reference = { authors: 'Goodfellow, I. J., Shlens, J., Szegedy, C.', year: 2015, title: 'Explaining and Harnessing Adversarial Examples', venue: 'ICLR 2015' };

export const CATALOGUE: readonly CatalogueEntry[] = [
  // ------------------------------------------------------------------ data
  {
    id: 'deduplicate',
    category: 'data',
    title: { en: 'Remove duplicates and near-duplicates', zh: '数据清洗:去除重复与近似重复' },
    summary: {
      en: 'Drop repeated rows (keep one per group) so that no example counts twice in training or evaluation, and so that the evaluation measures generalisation instead of memory.',
      zh: '删除重复样本(每组保留一条),避免同一样本在训练或评估中被重复计数,使评估衡量的是泛化能力而不是记忆。',
    },
    when: {
      en: 'Exact or near-duplicate rows were found.',
      zh: '发现了完全重复或近似重复的样本。',
    },
    appliesTo: ['duplicates', 'near-duplicates'],
    measuredBy: ['duplicateShare', 'nearDuplicateShare'],
    cost: 'low',
    seedTerms: ['数据清洗', '去重', '去噪'],
    variants: {
      nlp: { en: 'Normalise Unicode (NFC), case and whitespace before comparing; MinHash + LSH over character or word n-grams finds near-duplicates at scale.', zh: '比较前先做 Unicode(NFC)、大小写与空白归一化;用字符或词 n-gram 上的 MinHash + LSH 在大规模数据中查找近似重复。' },
      vision: { en: 'Compare perceptual hashes or embedding distances to catch resized, re-encoded or cropped copies of the same image.', zh: '用感知哈希或嵌入向量距离找出经过缩放、重新编码或裁剪的同一张图片。' },
      tabular: { en: 'Key duplicates on the feature columns (not the id or the label); rows repeated by a join or an export are the usual cause.', zh: '以特征列(而非 id 或标签)判断重复;表连接或导出时产生的重复行最常见。' },
      llm: { en: 'Deduplicate prompts and training documents at the substring or MinHash level; repeated documents are memorised and inflate benchmark scores.', zh: '在子串或 MinHash 级别对提示词和训练文档去重;重复文档会被模型记忆并虚高基准分数。' },
    },
    steps: {
      en: [
        'Export the flagged rows (--export DIR) and look at a sample of each group to confirm they are true duplicates.',
        'Keep one row per exact-duplicate group (the cleaned copy does this) and one per near-duplicate cluster unless the variants are intended.',
        'Run the deduplication before the train/test split, so that copies cannot end up on both sides.',
        'Retrain and re-evaluate; expect the evaluation score to drop slightly if duplicates had inflated it.',
      ],
      zh: [
        '导出被标记的行(--export DIR),抽查每组样本,确认它们确实是重复的。',
        '每个完全重复组保留一行(导出的清洗副本已这样做);除非变体是有意为之,每个近似重复簇也只保留一行。',
        '在划分训练集/测试集之前去重,避免副本同时出现在两边。',
        '重新训练并评估;如果重复样本曾虚高分数,评估分数可能略有下降。',
      ],
    },
    references: [
      LEE_2022,
      { authors: 'Allamanis, M.', year: 2019, title: 'The Adverse Effects of Code Duplication in Machine Learning Models of Code', venue: 'Onward! 2019' },
      { authors: 'Barz, B., Denzler, J.', year: 2020, title: 'Do We Train on Test Data? Purging CIFAR of Near-Duplicates', venue: 'Journal of Imaging 6(6)' },
      { authors: 'Broder, A. Z.', year: 1997, title: 'On the Resemblance and Containment of Documents', venue: 'Compression and Complexity of Sequences 1997' },
    ],
  },
  {
    id: 'relabel',
    category: 'data',
    title: { en: 'Relabel likely label errors (crowd plus expert review)', zh: '重新标注疑似错误标签(众包 + 专家复核)' },
    summary: {
      en: 'Have the rows whose given label disagrees with confident out-of-sample predictions, or with their duplicates, reviewed and corrected; wrong labels both mislead training and mis-measure accuracy.',
      zh: '对给定标签与样本外高置信预测(或与其重复样本)不一致的行进行复核和修正;错误标签既误导训练,也使准确率测不准。',
    },
    when: {
      en: 'Confident learning flags likely mislabelled rows, or duplicate rows carry conflicting labels.',
      zh: '置信学习标记出疑似错标的行,或重复样本带有相互矛盾的标签。',
    },
    appliesTo: ['label-noise', 'conflicting-labels'],
    measuredBy: ['labelIssueShare', 'conflictShare'],
    cost: 'medium',
    seedTerms: ['数据标注质量提升', '众包+专家复核', '错误标注'],
    variants: {
      nlp: { en: 'Give annotators the guideline and the model\'s suggested label side by side; adjudicate disagreements with an expert; ambiguous texts may deserve a separate "unclear" label.', zh: '向标注员同时展示标注规范和模型建议的标签;分歧交由专家裁决;含义模糊的文本可单设“不确定”标签。' },
      vision: { en: 'Review flagged images in a grid grouped by given and suggested class; fix boxes or masks as well as classes.', zh: '按给定类别与建议类别分组,以网格形式复核被标记的图片;除类别外也修正框或掩码。' },
      tabular: { en: 'Trace flagged labels back to their source system (manual entry, rule, join) and fix the cause, not only the rows.', zh: '把被标记的标签追溯到来源系统(人工录入、规则、表连接),修复根因而不仅是这些行。' },
      llm: { en: 'Re-check the reference answers and the grader: exact-match scoring marks paraphrases wrong; have experts review the items every run fails.', zh: '复查参考答案和评分器:精确匹配会把同义改写判错;让专家审查所有运行都答错的题目。' },
    },
    steps: {
      en: [
        'Export the flagged rows, ranked by label quality (most likely error first).',
        'Have each row reviewed by two or more annotators (crowd) with an expert resolving disagreements; measure agreement (e.g. Cohen\'s kappa) on a sample.',
        'Correct the labels at the source; for rows that stay ambiguous, drop them or give them a separate label.',
        'Re-evaluate on the corrected evaluation split: the measured accuracy changes even before retraining.',
        'Retrain on the corrected training split, or prune the flagged rows (--export-drop-label-issues) if relabelling is too costly.',
      ],
      zh: [
        '导出被标记的行,按标签质量排序(最可能出错的在前)。',
        '每行由两名以上标注员(众包)复核,分歧由专家裁决;在抽样上度量一致性(如 Cohen\'s kappa)。',
        '在数据源头修正标签;仍有歧义的行可删除或单独标注。',
        '在修正后的评估集上重新评估:即使不重新训练,测得的准确率也会变化。',
        '用修正后的训练集重新训练;若重新标注成本太高,可剔除被标记的行(--export-drop-label-issues)。',
      ],
    },
    references: [
      NORTHCUTT_2021,
      { authors: 'Northcutt, C. G., Athalye, A., Mueller, J.', year: 2021, title: 'Pervasive Label Errors in Test Sets Destabilize Machine Learning Benchmarks', venue: 'NeurIPS 2021 Datasets and Benchmarks Track' },
      { authors: 'Snow, R., O\'Connor, B., Jurafsky, D., Ng, A. Y.', year: 2008, title: 'Cheap and Fast - But is it Good? Evaluating Non-Expert Annotations for Natural Language Tasks', venue: 'EMNLP 2008' },
      { authors: 'Dawid, A. P., Skene, A. M.', year: 1979, title: 'Maximum Likelihood Estimation of Observer Error-Rates Using the EM Algorithm', venue: 'Journal of the Royal Statistical Society, Series C 28(1)' },
    ],
  },
  {
    id: 'fix-leakage',
    category: 'data',
    title: { en: 'Remove train/evaluation leakage', zh: '消除训练集与评估集之间的数据泄漏' },
    summary: {
      en: 'Evaluation rows that also appear in training are scored on memory, not generalisation: remove them from the evaluation split (or from training) and split by group so that copies cannot cross.',
      zh: '同时出现在训练集中的评估样本考查的是记忆而非泛化:把它们从评估集(或训练集)中移除,并按组划分数据,使副本无法跨越划分。',
    },
    when: { en: 'Evaluation rows duplicate (exactly or nearly) training rows.', zh: '评估集中的样本与训练集样本完全或近似重复。' },
    appliesTo: ['leakage'],
    measuredBy: ['leakedShare'],
    cost: 'low',
    seedTerms: ['数据清洗', '持续评估'],
    variants: {
      nlp: { en: 'Split by source document, author or thread rather than by sentence; templated texts leak across random splits.', zh: '按来源文档、作者或帖子划分,而不是按句子;模板化文本在随机划分中容易泄漏。' },
      vision: { en: 'Split by subject, patient, scene or video, not by frame; near-identical frames leak.', zh: '按拍摄对象、病人、场景或视频划分,而不是按帧;几乎相同的帧会泄漏。' },
      tabular: { en: 'Split by entity (customer, patient) and by time; drop features computed with information from after the prediction time.', zh: '按实体(客户、病人)和时间划分;删除使用了预测时点之后信息计算出的特征。' },
      llm: { en: 'Check benchmark items for contamination in the pre-training and fine-tuning corpora (n-gram overlap); report scores on a decontaminated subset.', zh: '用 n-gram 重叠检查基准题目是否混入预训练和微调语料;在去污染的子集上报告分数。' },
    },
    steps: {
      en: [
        'Export the leaked pairs (--export DIR) and confirm a sample.',
        'Remove the leaked rows from the evaluation split (the cleaned copy does this) and report the score on the clean split beside the old one.',
        'Re-split with a group key (document, user, patient, time) so that related rows stay on one side.',
        'Add this audit to CI so that new leakage fails the build.',
      ],
      zh: [
        '导出泄漏的样本对(--export DIR)并抽查确认。',
        '把泄漏的行从评估集中移除(导出的清洗副本已这样做),并将干净评估集上的分数与原分数并列报告。',
        '按分组键(文档、用户、病人、时间)重新划分,使相关样本只出现在一侧。',
        '把本审计加入 CI,出现新的泄漏时让构建失败。',
      ],
    },
    references: [
      { authors: 'Kapoor, S., Narayanan, A.', year: 2023, title: 'Leakage and the Reproducibility Crisis in Machine-Learning-Based Science', venue: 'Patterns 4(9)' },
      { authors: 'Kaufman, S., Rosset, S., Perlich, C., Stitelman, O.', year: 2012, title: 'Leakage in Data Mining: Formulation, Detection, and Avoidance', venue: 'ACM Transactions on Knowledge Discovery from Data 6(4)' },
      { authors: 'Lewis, P., Stenetorp, P., Riedel, S.', year: 2021, title: 'Question and Answer Test-Train Overlap in Open-Domain Question Answering Datasets', venue: 'EACL 2021' },
      LEE_2022,
    ],
  },
  {
    id: 'clean-missing',
    category: 'data',
    title: { en: 'Clean missing values and column types', zh: '清理缺失值与列类型问题' },
    summary: {
      en: 'Fill, flag or drop missing cells deliberately, fix columns that mix numbers and text, and drop constant columns, instead of leaving it to each library\'s defaults.',
      zh: '有意识地填补、标记或删除缺失值,修正数字与文本混杂的列,删除常量列,而不是交给各个库的默认行为处理。',
    },
    when: { en: 'Columns have missing cells, mixed value types or a single value; rows have no label.', zh: '列中存在缺失值、混合类型或只有单一取值;有样本缺少标签。' },
    appliesTo: ['missing-values'],
    measuredBy: [],
    cost: 'low',
    seedTerms: ['数据清洗', '去噪'],
    variants: {
      nlp: { en: 'Empty or placeholder texts ("N/A", "null") should be removed or labelled as such, not fed to the model as words.', zh: '空文本或占位文本("N/A"、"null")应删除或单独标注,而不是作为词语输入模型。' },
      vision: { en: 'Rows whose image file is missing or unreadable should be dropped and counted, not silently skipped by the loader.', zh: '图片文件缺失或无法读取的行应删除并计数,而不是被数据加载器悄悄跳过。' },
      tabular: { en: 'Impute with statistics from the training split only (or multiple imputation), add a missing-indicator column, and parse numbers stored as text.', zh: '仅用训练集的统计量插补(或多重插补),增加“是否缺失”指示列,并把以文本存储的数字解析为数值。' },
      llm: { en: 'Examples without a reference answer cannot be scored: complete or remove them before comparing runs.', zh: '没有参考答案的样本无法评分:在比较各次运行之前补全或删除它们。' },
    },
    steps: {
      en: [
        'List the columns with missing cells and decide per column: drop, impute, or keep with an indicator.',
        'Label or remove the rows without a label; they are excluded from every label-based metric.',
        'Fix mixed-type columns at the source (stray markers such as "?" or "-").',
        'Fit imputation on the training split only, then apply it to the other splits.',
      ],
      zh: [
        '列出含缺失值的列,逐列决定:删除、插补,或保留并加指示列。',
        '为缺少标签的行补标或删除它们;这些行被排除在所有基于标签的指标之外。',
        '在数据源头修正混合类型的列(例如 "?" 或 "-" 之类的杂散标记)。',
        '只在训练集上拟合插补,再应用到其他划分。',
      ],
    },
    references: [
      { authors: 'Little, R. J. A., Rubin, D. B.', year: 2019, title: 'Statistical Analysis with Missing Data (3rd edition)', venue: 'Wiley' },
      { authors: 'van Buuren, S., Groothuis-Oudshoorn, K.', year: 2011, title: 'mice: Multivariate Imputation by Chained Equations in R', venue: 'Journal of Statistical Software 45(3)' },
    ],
  },
  {
    id: 'validate-inputs',
    category: 'data',
    title: { en: 'Repair the input files and their joins', zh: '修复输入文件及其关联' },
    summary: {
      en: 'Rows with the wrong number of fields, repeated headers and predictions that join to no data row mean the audit, and probably the training code, read something other than intended.',
      zh: '字段数不对的行、重复的表头、无法与数据行关联的预测,说明审计(很可能还有训练代码)读到的并不是预期的数据。',
    },
    when: { en: 'The input-integrity check found ragged rows, repeated headers, unmatched predictions or uneven run coverage.', zh: '输入完整性检查发现了字段数不齐的行、重复表头、无法关联的预测或各次运行覆盖不一致。' },
    appliesTo: ['input-integrity', 'seed-instability/partial-coverage'],
    measuredBy: [],
    cost: 'low',
    seedTerms: ['数据清洗', '持续评估'],
    variants: {
      nlp: { en: 'Unquoted commas and newlines inside texts are the usual cause of ragged rows: write CSV with a real CSV writer, or use JSONL.', zh: '文本中未加引号的逗号和换行是字段数不齐的常见原因:用正规的 CSV 写入器输出,或改用 JSONL。' },
      vision: { en: 'Check that every prediction id maps to an image in the manifest, and that the manifest and the predictions come from the same dataset version.', zh: '检查每个预测 id 都能对应清单中的一张图片,且清单与预测来自同一数据集版本。' },
      tabular: { en: 'Validate the schema (column names, count, types) at every export, e.g. with a data-validation step in the pipeline.', zh: '每次导出时校验模式(列名、列数、类型),例如在流水线中加入数据校验步骤。' },
      llm: { en: 'Make every run evaluate the same item ids; compare runs only on the items they all answered.', zh: '让每次运行评估相同的题目 id;只在所有运行都作答的题目上比较。' },
    },
    steps: {
      en: [
        'Open the lines the finding lists and fix the quoting or the export that produced them.',
        'Rename repeated headers at the source and check which copy the training code reads.',
        'Regenerate predictions from the same dataset version; make every run cover the same ids.',
        'Add a schema check to the pipeline so that malformed exports fail early.',
      ],
      zh: [
        '打开发现中列出的行号,修正引号或产生这些行的导出过程。',
        '在源头重命名重复的表头,并确认训练代码读取的是哪一列。',
        '用同一数据集版本重新生成预测;让每次运行覆盖相同的 id。',
        '在流水线中加入模式校验,使格式错误的导出尽早失败。',
      ],
    },
    references: [
      { authors: 'Breck, E., Polyzotis, N., Roy, S., Whang, S. E., Zinkevich, M.', year: 2019, title: 'Data Validation for Machine Learning', venue: 'MLSys (SysML) 2019' },
      { authors: 'Sculley, D., Holt, G., Golovin, D., Davydov, E., Phillips, T., Ebner, D., Chaudhary, V., Young, M., Crespo, J.-F., Dennison, D.', year: 2015, title: 'Hidden Technical Debt in Machine Learning Systems', venue: 'NeurIPS 2015' },
    ],
  },
  {
    id: 'targeted-data',
    category: 'data',
    title: { en: 'Collect more data where the model is weak', zh: '针对薄弱环节定向补充数据' },
    summary: {
      en: 'Errors concentrated in a slice usually mean too few or too unrepresentative training examples there: collect and label more examples of that slice rather than more data overall.',
      zh: '错误集中在某个切片,通常意味着该部分的训练样本太少或不具代表性:应针对该切片采集并标注更多样本,而不是笼统地增加数据。',
    },
    when: { en: 'A declared group or a discovered slice has a significantly higher error rate; a class is rare.', zh: '某个声明的分组或自动发现的切片错误率显著偏高;某个类别样本过少。' },
    appliesTo: ['slices', 'class-balance/rare-classes'],
    measuredBy: ['sliceExcessErrors'],
    cost: 'high',
    seedTerms: ['数据多样性', '代表性', '针对模型薄弱环节的数据', '高质量数据源'],
    variants: {
      nlp: { en: 'Source texts of the weak language, register or topic; active learning (uncertainty sampling within the slice) makes each label count.', zh: '补充薄弱语言、语体或主题的文本;在切片内做主动学习(不确定性采样)让每个标注发挥更大作用。' },
      vision: { en: 'Capture the weak condition (lighting, device, demographic, viewpoint) deliberately; check the slice in the evaluation split is large enough to measure.', zh: '有针对性地采集薄弱条件(光照、设备、人群、视角)下的图像;确认评估集中该切片足够大,能够测量。' },
      tabular: { en: 'Sample more records from the under-served segment (region, age band, product), or join features that describe it better.', zh: '从服务不足的群体(地区、年龄段、产品)中抽取更多记录,或关联能更好描述它的特征。' },
      llm: { en: 'Write or collect instruction and evaluation items for the weak category; a few hundred high-quality examples often move a fine-tuned model.', zh: '为薄弱类别编写或收集指令与评测题目;几百条高质量样本往往就能改变微调模型的表现。' },
    },
    steps: {
      en: [
        'Read the slice (its predicates, size and error rate) and confirm it on fresh data: the q-value controls false discoveries, but a second look is cheap.',
        'Estimate the data needed: Chen et al. (2018) fit learning curves per group to predict how much more data closes a gap.',
        'Collect and label examples of the slice; keep some for the evaluation split so that the gain can be measured.',
        'Retrain and compare the slice\'s error rate and the overall error rate against the previous runs (several seeds).',
      ],
      zh: [
        '查看该切片(条件、规模和错误率),并在新数据上确认:q 值控制了误发现率,但再核实一次成本很低。',
        '估算所需数据量:Chen 等人(2018)按分组拟合学习曲线,预测需要多少数据才能缩小差距。',
        '采集并标注该切片的样本;留出一部分放入评估集,以便测量收益。',
        '重新训练,并与之前的多次运行(多个种子)比较该切片和整体的错误率。',
      ],
    },
    references: [
      CHEN_2018,
      { authors: 'Chung, Y., Kraska, T., Polyzotis, N., Tae, K. H., Whang, S. E.', year: 2019, title: 'Slice Finder: Automated Data Slicing for Model Validation', venue: 'ICDE 2019' },
      { authors: 'Sagadeeva, S., Boehm, M.', year: 2021, title: 'SliceLine: Fast, Linear-Algebra-based Slice Finding for ML Model Debugging', venue: 'SIGMOD 2021' },
      { authors: 'Settles, B.', year: 2009, title: 'Active Learning Literature Survey', venue: 'Computer Sciences Technical Report 1648, University of Wisconsin-Madison' },
    ],
  },
  {
    id: 'augment',
    category: 'data',
    title: { en: 'Data augmentation and noise injection', zh: '数据增强与噪声注入' },
    summary: {
      en: 'Create label-preserving variants of the training examples, most usefully for rare classes and weak slices, so that the model sees more of what it gets wrong.',
      zh: '为训练样本生成保持标签不变的变体,尤其针对稀有类别和薄弱切片,让模型更多地见到它容易出错的情况。',
    },
    when: { en: 'A class is rare, or a slice underperforms and more real data is expensive.', zh: '某个类别样本稀少,或某个切片表现较差而获取真实数据成本很高。' },
    appliesTo: ['class-balance/rare-classes', 'slices/weak-slices', 'slices/disparity:*'],
    measuredBy: [],
    cost: 'low',
    seedTerms: ['数据增强', '数据扩增', '噪声注入'],
    variants: {
      nlp: { en: 'Back-translation (translate to a pivot language and back) and token edits (synonym replacement, random insertion, swap, deletion: EDA).', zh: '回译(翻译成中间语言再译回)以及词级编辑(同义词替换、随机插入、交换、删除:EDA)。' },
      vision: { en: 'Random crops, flips, colour jitter and mixup or CutMix; learned policies (AutoAugment) when compute allows.', zh: '随机裁剪、翻转、颜色扰动以及 mixup 或 CutMix;算力允许时使用学习得到的增强策略(AutoAugment)。' },
      tabular: { en: 'SMOTE-style oversampling that interpolates between minority neighbours; Gaussian noise on numeric features.', zh: '类似 SMOTE 的过采样,在少数类近邻之间插值;对数值特征加入高斯噪声。' },
      llm: { en: 'Paraphrase instructions with a strong model, vary formats and orders of options; filter generated examples for correctness before training.', zh: '用强模型改写指令,变换格式和选项顺序;训练前筛查生成样本的正确性。' },
    },
    steps: {
      en: [
        'Choose transformations that do not change the label for this task (a flipped digit 6 is a 9).',
        'Augment the rare classes and the weak slices first; keep the evaluation split un-augmented.',
        'Compare several seeds with and without augmentation: the gain must exceed the run-to-run spread.',
      ],
      zh: [
        '选择对当前任务不改变标签的变换(翻转后的数字 6 就是 9)。',
        '优先增强稀有类别和薄弱切片;评估集保持不做增强。',
        '在多个种子下比较有无增强的结果:收益必须超过运行间的波动。',
      ],
    },
    references: [
      SENNRICH_2016,
      { authors: 'Wei, J., Zou, K.', year: 2019, title: 'EDA: Easy Data Augmentation Techniques for Boosting Performance on Text Classification Tasks', venue: 'EMNLP-IJCNLP 2019' },
      ZHANG_2018,
      { authors: 'Cubuk, E. D., Zoph, B., Mané, D., Vasudevan, V., Le, Q. V.', year: 2019, title: 'AutoAugment: Learning Augmentation Strategies from Data', venue: 'CVPR 2019' },
      { authors: 'Shorten, C., Khoshgoftaar, T. M.', year: 2019, title: 'A Survey on Image Data Augmentation for Deep Learning', venue: 'Journal of Big Data 6' },
      CHAWLA_2002,
    ],
  },
  {
    id: 'domain-mixing',
    category: 'data',
    title: { en: 'Domain-adaptive data mixing', zh: '领域自适应数据混合' },
    summary: {
      en: 'Re-weight the sources or domains in the training mix (or continue pre-training on the target domain) so that the weak domains get the share of training they need.',
      zh: '调整训练数据中各来源或领域的配比(或在目标领域上继续预训练),让薄弱领域获得所需的训练比重。',
    },
    when: { en: 'Errors concentrate in one source, domain or group of the data.', zh: '错误集中在数据的某个来源、领域或分组上。' },
    appliesTo: ['slices/weak-slices', 'slices/disparity:*', 'slices/label-skew'],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['领域自适应数据混合', '数据多样性'],
    variants: {
      nlp: { en: 'Continue pre-training on in-domain text (domain- and task-adaptive pre-training), then fine-tune.', zh: '先在领域内文本上继续预训练(领域自适应与任务自适应预训练),再微调。' },
      vision: { en: 'Balance the sampling across cameras, sites or datasets; domain-adversarial features if the target domain is unlabelled.', zh: '在不同相机、站点或数据集之间均衡采样;若目标领域无标注,可使用领域对抗特征。' },
      tabular: { en: 'Importance-weight the training rows so that the source mix matches the target population.', zh: '对训练行做重要性加权,使来源构成与目标人群一致。' },
      llm: { en: 'Tune the domain weights of the pre-training or fine-tuning mixture (DoReMi optimises them with a small proxy model).', zh: '调整预训练或微调数据中各领域的权重(DoReMi 用小型代理模型优化这些权重)。' },
    },
    steps: {
      en: [
        'Tag every training row with its source or domain (the slice columns are a start).',
        'Compare the domain shares in training with those in the evaluation split and in production.',
        'Up-weight or up-sample the weak domains, or tune the weights with a proxy model; keep the evaluation mix fixed.',
        'Check that the other domains do not lose more than the weak one gains (per-slice metrics over several seeds).',
      ],
      zh: [
        '为每条训练数据标注来源或领域(切片列可以作为起点)。',
        '比较训练集、评估集与线上数据中的领域占比。',
        '提高薄弱领域的权重或采样比例,或用代理模型调优权重;评估集的构成保持不变。',
        '检查其他领域的损失没有超过薄弱领域的收益(多个种子下的逐切片指标)。',
      ],
    },
    references: [
      XIE_2023,
      GURURANGAN_2020,
      { authors: 'Ganin, Y., Ustinova, E., Ajakan, H., Germain, P., Larochelle, H., Laviolette, F., Marchand, M., Lempitsky, V.', year: 2016, title: 'Domain-Adversarial Training of Neural Networks', venue: 'Journal of Machine Learning Research 17' },
    ],
  },
  {
    id: 'rebalance',
    category: 'data',
    title: { en: 'Rebalance the classes', zh: '类别再平衡' },
    summary: {
      en: 'Re-weight the loss, resample the training data or use a focal or class-balanced loss so that small classes are not sacrificed for overall accuracy.',
      zh: '对损失重新加权、对训练数据重采样,或使用 focal loss、类别平衡损失,避免小类别为整体准确率而被牺牲。',
    },
    when: { en: 'The largest class outnumbers the smallest several times, or some classes are rare.', zh: '最大类别的样本数是最小类别的数倍,或部分类别样本稀少。' },
    appliesTo: ['class-balance', 'slices/label-skew'],
    measuredBy: [],
    cost: 'low',
    seedTerms: ['数据多样性', '代表性'],
    variants: {
      nlp: { en: 'Class-weighted cross-entropy or focal loss; oversample rare classes with augmentation rather than copies.', zh: '使用类别加权交叉熵或 focal loss;用数据增强而不是简单复制来过采样稀有类别。' },
      vision: { en: 'Class-balanced loss with the effective number of samples, or repeat-factor sampling for long-tailed data.', zh: '使用基于有效样本数的类别平衡损失,或对长尾数据采用重复因子采样。' },
      tabular: { en: 'Class weights in the learner, SMOTE-style oversampling, and a decision threshold tuned on validation data.', zh: '在学习器中设置类别权重,使用类似 SMOTE 的过采样,并在验证集上调整决策阈值。' },
      llm: { en: 'Balance the categories in the fine-tuning set; for classification by prompting, calibrate the label priors (e.g. contextual calibration).', zh: '平衡微调数据中的各类别;对于用提示做分类的情况,校准标签先验(如上下文校准)。' },
    },
    steps: {
      en: [
        'Decide what matters: overall accuracy, or recall on the small classes (report macro-F1 and per-class recall).',
        'Start with loss re-weighting (inverse frequency or effective number of samples); try focal loss if easy examples dominate.',
        'Tune the decision threshold on validation data, not on the test split.',
        'Compare per-class metrics over several seeds before and after.',
      ],
      zh: [
        '先确定目标:整体准确率,还是小类别的召回率(报告 macro-F1 和各类别召回率)。',
        '从损失加权开始(频率倒数或有效样本数);若简单样本占主导,可尝试 focal loss。',
        '在验证集而非测试集上调整决策阈值。',
        '在多个种子下比较调整前后的各类别指标。',
      ],
    },
    references: [
      { authors: 'Lin, T.-Y., Goyal, P., Girshick, R., He, K., Dollár, P.', year: 2017, title: 'Focal Loss for Dense Object Detection', venue: 'ICCV 2017' },
      { authors: 'Cui, Y., Jia, M., Lin, T.-Y., Song, Y., Belongie, S.', year: 2019, title: 'Class-Balanced Loss Based on Effective Number of Samples', venue: 'CVPR 2019' },
      CHAWLA_2002,
      { authors: 'He, H., Garcia, E. A.', year: 2009, title: 'Learning from Imbalanced Data', venue: 'IEEE Transactions on Knowledge and Data Engineering 21(9)' },
      { authors: 'Buda, M., Maki, A., Mazurowski, M. A.', year: 2018, title: 'A Systematic Study of the Class Imbalance Problem in Convolutional Neural Networks', venue: 'Neural Networks 106' },
    ],
  },
  {
    id: 'domain-knowledge',
    category: 'data',
    title: { en: 'Bring in domain expert knowledge', zh: '引入领域专家知识' },
    summary: {
      en: 'Use what experts know (dictionaries, ontologies, rules, labelling guidelines, domain-pretrained models) where the data alone leaves the model guessing.',
      zh: '在仅靠数据模型只能猜测的地方,利用专家知识(词典、本体、规则、标注规范、领域预训练模型)。',
    },
    when: { en: 'Errors concentrate in a specialised slice, or labels are inconsistent because the task needs expertise.', zh: '错误集中在某个专业性强的切片,或因任务需要专业知识而导致标签不一致。' },
    appliesTo: ['slices/weak-slices', 'slices/disparity:*', 'label-noise', 'conflicting-labels'],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['领域专家知识', '医学/法律专用词典'],
    variants: {
      nlp: { en: 'Domain dictionaries for tokenisation and entity normalisation; domain-pretrained encoders (BioBERT, LEGAL-BERT).', zh: '用领域词典做分词和实体归一化;使用领域预训练编码器(BioBERT、LEGAL-BERT)。' },
      vision: { en: 'Expert-written labelling protocols (e.g. radiology criteria); expert review of the hard cases.', zh: '由专家制定标注规程(如放射学判读标准);困难样本交由专家复核。' },
      tabular: { en: 'Features engineered from domain rules (ratios, thresholds, codes); monotonic constraints where experts know the direction.', zh: '根据领域规则构造特征(比率、阈值、编码);在专家知道方向的地方加单调性约束。' },
      llm: { en: 'Retrieval over a curated domain knowledge base, and expert-written instructions and rubrics for grading.', zh: '在整理好的领域知识库上做检索增强,并由专家编写指令和评分细则。' },
    },
    steps: {
      en: [
        'Show the weak slice and the conflicting or flagged rows to a domain expert; ask what distinguishes the classes.',
        'Turn the answer into a guideline, a dictionary, features or labelling functions (weak supervision).',
        'Re-label or re-train with it and measure the slice again.',
      ],
      zh: [
        '把薄弱切片以及矛盾或被标记的样本交给领域专家,请教区分各类别的关键。',
        '把专家的回答转化为标注规范、词典、特征或标注函数(弱监督)。',
        '据此重新标注或重新训练,并再次测量该切片。',
      ],
    },
    references: [
      { authors: 'Ratner, A., Bach, S. H., Ehrenberg, H., Fries, J., Wu, S., Ré, C.', year: 2017, title: 'Snorkel: Rapid Training Data Creation with Weak Supervision', venue: 'Proceedings of the VLDB Endowment 11(3)' },
      { authors: 'Lee, J., Yoon, W., Kim, S., Kim, D., Kim, S., So, C. H., Kang, J.', year: 2020, title: 'BioBERT: a Pre-trained Biomedical Language Representation Model for Biomedical Text Mining', venue: 'Bioinformatics 36(4)' },
      { authors: 'Chalkidis, I., Fergadiotis, M., Malakasiotis, P., Aletras, N., Androutsopoulos, I.', year: 2020, title: 'LEGAL-BERT: The Muppets Straight out of Law School', venue: 'Findings of EMNLP 2020' },
    ],
  },
  // -------------------------------------------------------------- training
  {
    id: 'hyperparameter-search',
    category: 'training',
    title: { en: 'Hyper-parameter search', zh: '超参数调优' },
    summary: {
      en: 'Search learning rate, batch size, epochs, warm-up and model size systematically (random search or Bayesian optimisation, several seeds per setting) instead of keeping defaults that fail on some seeds.',
      zh: '系统地搜索学习率、批量大小、训练轮数、预热和模型规模(随机搜索或贝叶斯优化,每组设置跑多个种子),而不是沿用在部分种子上会失败的默认值。',
    },
    when: { en: 'Some runs fail (no better than the majority class) or the runs\' accuracy varies widely.', zh: '部分运行失败(不优于多数类基线),或各次运行的准确率差异很大。' },
    appliesTo: ['seed-instability/failed-runs', 'seed-instability/accuracy-spread'],
    measuredBy: [],
    cost: 'high',
    seedTerms: ['超参数调优', '网格搜索', '随机搜索', '贝叶斯优化'],
    variants: {
      nlp: { en: 'For fine-tuning: learning rate 1e-5 to 5e-5, warm-up, more epochs and bias-corrected Adam make BERT-style runs stable (Mosbach et al. 2021).', zh: '微调时:学习率 1e-5 到 5e-5、学习率预热、更多训练轮数以及带偏差校正的 Adam 能让 BERT 类模型的训练更稳定(Mosbach 等,2021)。' },
      vision: { en: 'Learning-rate schedule and weight decay matter most; scale the learning rate with the batch size.', zh: '学习率调度和权重衰减最关键;学习率随批量大小同比例缩放。' },
      tabular: { en: 'For gradient-boosted trees: learning rate, depth, number of trees with early stopping, and subsampling; random or Bayesian search with cross-validation.', zh: '对于梯度提升树:学习率、树深度、带早停的树数量和子采样;结合交叉验证做随机搜索或贝叶斯优化。' },
      llm: { en: 'Tune learning rate, LoRA rank and number of epochs on a held-out set; decoding parameters (temperature, top-p) for generation.', zh: '在留出集上调优学习率、LoRA 秩和训练轮数;生成任务还需调优解码参数(温度、top-p)。' },
    },
    steps: {
      en: [
        'Fix the evaluation protocol first: a validation split distinct from the test split, and several seeds per setting.',
        'Use random search (more efficient than grid search when few parameters matter) or Bayesian optimisation; early-stop poor trials (Hyperband).',
        'Compare the best settings by their mean over seeds, not by their best seed.',
        'Report the test score once, for the chosen setting.',
      ],
      zh: [
        '先固定评估流程:与测试集分开的验证集,每组设置跑多个种子。',
        '使用随机搜索(当只有少数参数重要时比网格搜索更高效)或贝叶斯优化;提前终止表现差的试验(Hyperband)。',
        '按多个种子的平均值比较最佳设置,而不是按最好的那个种子。',
        '只为最终选定的设置报告一次测试集分数。',
      ],
    },
    references: [
      BERGSTRA_2012,
      SNOEK_2012,
      { authors: 'Li, L., Jamieson, K., DeSalvo, G., Rostamizadeh, A., Talwalkar, A.', year: 2018, title: 'Hyperband: A Novel Bandit-Based Approach to Hyperparameter Optimization', venue: 'Journal of Machine Learning Research 18' },
      MOSBACH_2021,
    ],
  },
  {
    id: 'regularize',
    category: 'training',
    title: { en: 'Regularisation: dropout, weight decay, early stopping', zh: '正则化:Dropout、权重衰减、早停' },
    summary: {
      en: 'Constrain the model so that it fits less of the noise in any one run: dropout, weight decay (L2), early stopping on a validation split, label smoothing.',
      zh: '约束模型,使每次运行少拟合一些噪声:Dropout、权重衰减(L2)、基于验证集的早停、标签平滑。',
    },
    when: { en: 'Predictions change across seeds (churn), or the model is over-confident.', zh: '不同种子之间预测结果变化(churn),或模型过度自信。' },
    appliesTo: ['seed-instability/churn', 'seed-instability/accuracy-spread', 'calibration/overconfident'],
    measuredBy: [],
    cost: 'low',
    seedTerms: ['正则化', 'Dropout', '权重衰减', 'L2正则化', '防止过拟合'],
    variants: {
      nlp: { en: 'Dropout 0.1 to 0.3, decoupled weight decay (AdamW), early stopping on validation loss; R-Drop or label smoothing for classification.', zh: 'Dropout 取 0.1 到 0.3,使用解耦权重衰减(AdamW),按验证集损失早停;分类任务可用 R-Drop 或标签平滑。' },
      vision: { en: 'Weight decay, stochastic depth, label smoothing, and strong augmentation act together as regularisers.', zh: '权重衰减、随机深度、标签平滑与强数据增强共同起到正则化作用。' },
      tabular: { en: 'L1/L2 penalties, shallower trees, minimum samples per leaf, subsampling, early stopping on a validation fold.', zh: 'L1/L2 惩罚、更浅的树、叶节点最小样本数、子采样,以及基于验证折的早停。' },
      llm: { en: 'Fewer epochs, lower learning rate, LoRA instead of full fine-tuning, and early stopping on held-out loss limit over-fitting to a small fine-tuning set.', zh: '更少的训练轮数、更低的学习率、用 LoRA 替代全参数微调,以及基于留出集损失的早停,可以减少对小规模微调数据的过拟合。' },
    },
    steps: {
      en: [
        'Plot training against validation loss: a widening gap confirms over-fitting.',
        'Add or raise one regulariser at a time (weight decay, dropout), and stop at the best validation epoch.',
        'Measure churn and accuracy over several seeds before and after: regularisation should narrow the spread.',
      ],
      zh: [
        '画出训练损失与验证损失曲线:差距不断扩大说明过拟合。',
        '每次只增加或加强一种正则化(权重衰减、Dropout),并在验证集最佳轮次停止。',
        '在多个种子下比较前后的 churn 和准确率:正则化应当缩小波动。',
      ],
    },
    references: [
      SRIVASTAVA_2014,
      { authors: 'Loshchilov, I., Hutter, F.', year: 2019, title: 'Decoupled Weight Decay Regularization', venue: 'ICLR 2019' },
      { authors: 'Prechelt, L.', year: 1998, title: 'Early Stopping - But When?', venue: 'Neural Networks: Tricks of the Trade, LNCS 1524, Springer' },
      { authors: 'Szegedy, C., Vanhoucke, V., Ioffe, S., Shlens, J., Wojna, Z.', year: 2016, title: 'Rethinking the Inception Architecture for Computer Vision', venue: 'CVPR 2016' },
    ],
  },
  {
    id: 'transfer-learning',
    category: 'training',
    title: { en: 'Transfer learning and fine-tuning', zh: '迁移学习与微调' },
    summary: {
      en: 'Start from a model pre-trained on a large related corpus and fine-tune it with a careful recipe, which needs far less labelled data than training from scratch.',
      zh: '从在大规模相关语料上预训练的模型出发,用稳妥的方案进行微调,所需标注数据远少于从零训练。',
    },
    when: { en: 'Classes or slices have little data, or fine-tuning runs fail on some seeds.', zh: '某些类别或切片数据很少,或微调在部分种子上失败。' },
    appliesTo: ['class-balance/rare-classes', 'seed-instability/failed-runs'],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['迁移学习', '微调', '预训练模型', '有监督的微调'],
    variants: {
      nlp: { en: 'Fine-tune a pre-trained encoder (BERT family) with a small learning rate, warm-up and enough epochs; gradual unfreezing (ULMFiT) for small data.', zh: '以较小学习率、预热和足够轮数微调预训练编码器(BERT 系列);数据很少时采用逐层解冻(ULMFiT)。' },
      vision: { en: 'Fine-tune an ImageNet- or CLIP-pre-trained backbone; freeze early layers when data is scarce.', zh: '微调在 ImageNet 或 CLIP 上预训练的主干网络;数据稀缺时冻结前几层。' },
      tabular: { en: 'Reuse embeddings or models trained on a related, larger table; otherwise gradient-boosted trees remain a strong baseline.', zh: '复用在相关的更大数据表上训练的嵌入或模型;否则梯度提升树依然是很强的基线。' },
      llm: { en: 'Supervised fine-tuning (full or LoRA) of an instruction-tuned base model on the target task; compare against few-shot prompting.', zh: '在目标任务上对指令微调过的基座模型做有监督微调(全参数或 LoRA),并与少样本提示对比。' },
    },
    steps: {
      en: [
        'Pick a pre-trained model whose pre-training data is close to the target domain.',
        'Fine-tune with a small learning rate, warm-up and bias-corrected Adam; run several seeds and discard failed runs only with a stated rule.',
        'Compare with the current model on the same evaluation split and seeds.',
      ],
      zh: [
        '选择预训练数据与目标领域接近的预训练模型。',
        '以较小学习率、预热和带偏差校正的 Adam 进行微调;跑多个种子,且只按事先声明的规则剔除失败的运行。',
        '在相同评估集和种子设置下与当前模型比较。',
      ],
    },
    references: [
      { authors: 'Howard, J., Ruder, S.', year: 2018, title: 'Universal Language Model Fine-tuning for Text Classification', venue: 'ACL 2018' },
      { authors: 'Devlin, J., Chang, M.-W., Lee, K., Toutanova, K.', year: 2019, title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding', venue: 'NAACL-HLT 2019' },
      { authors: 'Yosinski, J., Clune, J., Bengio, Y., Lipson, H.', year: 2014, title: 'How Transferable Are Features in Deep Neural Networks?', venue: 'NeurIPS 2014' },
      MOSBACH_2021,
    ],
  },
  {
    id: 'multi-task',
    category: 'training',
    title: { en: 'Multi-task learning', zh: '多任务学习' },
    summary: {
      en: 'Train one model on the target task together with related tasks, sharing its representation, so that scarce classes or slices borrow strength from the others.',
      zh: '让一个模型在目标任务之外同时学习相关任务并共享表示,使稀缺的类别或切片能从其他任务中获益。',
    },
    when: { en: 'Classes or slices are data-poor and related labelled tasks exist.', zh: '某些类别或切片数据不足,且存在有标注的相关任务。' },
    appliesTo: ['class-balance/rare-classes', 'slices/weak-slices', 'slices/disparity:*'],
    measuredBy: [],
    cost: 'high',
    seedTerms: ['多任务学习', '共享表示', '多任务联合训练'],
    variants: {
      nlp: { en: 'Shared encoder with task heads (e.g. classification plus NER or NLI); weigh the task losses.', zh: '共享编码器加多个任务头(如分类加命名实体识别或自然语言推理);为各任务损失设置权重。' },
      vision: { en: 'Joint classification and segmentation or attribute prediction on a shared backbone.', zh: '在共享主干上联合训练分类与分割或属性预测。' },
      tabular: { en: 'Predict related targets jointly (e.g. several outcomes of the same entity) with a shared network.', zh: '用共享网络联合预测相关目标(如同一实体的多个结果)。' },
      llm: { en: 'Mix related instruction tasks into the fine-tuning set (multi-task instruction tuning).', zh: '在微调数据中混合相关的指令任务(多任务指令微调)。' },
    },
    steps: {
      en: [
        'List related tasks with labels on the same inputs or domain.',
        'Add task-specific heads on a shared encoder and tune the loss weights on validation data.',
        'Check that the target task improves over several seeds; negative transfer happens.',
      ],
      zh: [
        '列出在相同输入或领域上有标注的相关任务。',
        '在共享编码器上添加各任务专属的输出头,并在验证集上调节损失权重。',
        '在多个种子下确认目标任务确实提升;负迁移是会发生的。',
      ],
    },
    references: [
      CARUANA_1997,
      { authors: 'Ruder, S.', year: 2017, title: 'An Overview of Multi-Task Learning in Deep Neural Networks', venue: 'arXiv:1706.05098' },
      { authors: 'Liu, X., He, P., Chen, W., Gao, J.', year: 2019, title: 'Multi-Task Deep Neural Networks for Natural Language Understanding', venue: 'ACL 2019' },
    ],
  },
  {
    id: 'curriculum',
    category: 'training',
    title: { en: 'Curriculum learning', zh: '渐进式学习(课程学习)' },
    summary: {
      en: 'Present examples from easy to hard (or down-weight the likely mislabelled ones early), which can stabilise training and make it more robust to noisy labels.',
      zh: '按从易到难的顺序呈现样本(或在训练初期降低疑似错标样本的权重),可以稳定训练并提高对噪声标签的鲁棒性。',
    },
    when: { en: 'Labels are noisy, or some runs fail to train.', zh: '标签含噪声,或部分运行训练失败。' },
    appliesTo: ['label-noise', 'seed-instability/failed-runs'],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['渐进式学习', 'Curriculum Learning'],
    variants: {
      nlp: { en: 'Order by length or by a difficulty score (loss of a reference model); short, clean sentences first.', zh: '按长度或难度分数(参考模型的损失)排序;先学短而干净的句子。' },
      vision: { en: 'Start from clean, canonical images and add the hard or low-quality ones later; self-paced learning weighs examples by current loss.', zh: '从干净、典型的图像开始,之后再加入困难或低质量的图像;自步学习按当前损失为样本加权。' },
      tabular: { en: 'Self-paced weighting of rows by loss; less common for trees, where sample weights do the same job.', zh: '按损失对行做自步加权;树模型中较少使用,可用样本权重达到同样效果。' },
      llm: { en: 'Order fine-tuning data by difficulty or quality score; anneal on the highest-quality data at the end.', zh: '按难度或质量分数排序微调数据;训练末期在最高质量的数据上退火。' },
    },
    steps: {
      en: [
        'Define difficulty: loss of a reference model, label quality from the label-noise check, or length.',
        'Schedule: start with the easiest share and grow it to the full set over the first epochs.',
        'Compare against the plain schedule over several seeds.',
      ],
      zh: [
        '定义难度:参考模型的损失、标签噪声检查给出的标签质量,或长度。',
        '制定进度:从最容易的一部分开始,在前几个轮次内逐步扩展到全部数据。',
        '在多个种子下与普通训练顺序对比。',
      ],
    },
    references: [
      { authors: 'Bengio, Y., Louradour, J., Collobert, R., Weston, J.', year: 2009, title: 'Curriculum Learning', venue: 'ICML 2009' },
      { authors: 'Kumar, M. P., Packer, B., Koller, D.', year: 2010, title: 'Self-Paced Learning for Latent Variable Models', venue: 'NeurIPS 2010' },
      { authors: 'Jiang, L., Zhou, Z., Leung, T., Li, L.-J., Fei-Fei, L.', year: 2018, title: 'MentorNet: Learning Data-Driven Curriculum for Very Deep Neural Networks on Corrupted Labels', venue: 'ICML 2018' },
    ],
  },
  {
    id: 'adversarial-training',
    category: 'training',
    title: { en: 'Adversarial training', zh: '对抗训练' },
    summary: {
      en: 'Train on worst-case perturbations of the inputs (or of their embeddings) so that predictions near the decision boundary stop flipping under small changes.',
      zh: '在输入(或其嵌入)的最坏情况扰动上训练,使决策边界附近的预测不再因微小变化而翻转。',
    },
    when: { en: 'Many rows flip prediction across seeds, or a slice of unusual inputs underperforms.', zh: '大量样本在不同种子间预测翻转,或某个由非常规输入构成的切片表现较差。' },
    appliesTo: ['seed-instability/churn', 'slices/weak-slices', 'slices/disparity:*'],
    measuredBy: [],
    cost: 'high',
    seedTerms: ['对抗训练', 'Adversarial Training'],
    variants: {
      nlp: { en: 'Perturb word embeddings (adversarial training for text, FreeLB) rather than discrete tokens.', zh: '扰动词嵌入(文本对抗训练、FreeLB),而不是离散的词元。' },
      vision: { en: 'FGSM or PGD adversarial examples mixed into training batches.', zh: '在训练批次中混入 FGSM 或 PGD 生成的对抗样本。' },
      tabular: { en: 'Perturb numeric features within plausible ranges; rarely worth it unless robustness is a requirement.', zh: '在合理范围内扰动数值特征;除非鲁棒性是硬性要求,否则通常不划算。' },
      llm: { en: 'Red-team prompts and adversarial rephrasings added to fine-tuning data.', zh: '把红队测试提示与对抗性改写加入微调数据。' },
    },
    steps: {
      en: [
        'Pick the perturbation that matches the expected noise (embedding-space for text, pixel-space for images).',
        'Generate perturbations on the fly (FGSM is cheap; PGD stronger) and train on clean plus adversarial batches.',
        'Measure churn across seeds and the weak slice\'s error before and after; check clean accuracy does not drop.',
      ],
      zh: [
        '选择与预期噪声匹配的扰动(文本用嵌入空间,图像用像素空间)。',
        '在训练中实时生成扰动(FGSM 代价低,PGD 更强),用干净样本加对抗样本的批次训练。',
        '比较前后的跨种子 churn 与薄弱切片的错误率;确认干净样本上的准确率没有下降。',
      ],
    },
    references: [
      GOODFELLOW_2015,
      { authors: 'Madry, A., Makelov, A., Schmidt, L., Tsipras, D., Vladu, A.', year: 2018, title: 'Towards Deep Learning Models Resistant to Adversarial Attacks', venue: 'ICLR 2018' },
      { authors: 'Miyato, T., Dai, A. M., Goodfellow, I.', year: 2017, title: 'Adversarial Training Methods for Semi-Supervised Text Classification', venue: 'ICLR 2017' },
      { authors: 'Zhu, C., Cheng, Y., Gan, Z., Sun, S., Goldstein, T., Liu, J.', year: 2020, title: 'FreeLB: Enhanced Adversarial Training for Natural Language Understanding', venue: 'ICLR 2020' },
    ],
  },
  {
    id: 'distributed-training',
    category: 'training',
    title: { en: 'Distributed and parallel training', zh: '分布式与并行训练' },
    summary: {
      en: 'Spread training, or the hyper-parameter search and the seeds, over GPUs or nodes. It buys speed rather than accuracy: it makes the searches and the extra seeds the other remedies ask for affordable.',
      zh: '把训练(或超参数搜索与多种子实验)分布到多块 GPU 或多个节点上。它带来的是速度而不是准确率:让其他方案所需的搜索和额外种子变得负担得起。',
    },
    when: { en: 'Never triggered by a finding on its own: use it to pay for a search, an ensemble or more seeds.', zh: '不会单独由某个发现触发:用它来支撑超参数搜索、集成或更多种子的计算开销。' },
    appliesTo: [],
    measuredBy: [],
    cost: 'high',
    seedTerms: ['分布式训练', '硬件加速', 'SWARM并行', '多GPU'],
    variants: {
      nlp: { en: 'Data parallelism (DDP) for fine-tuning; sharded optimisers (ZeRO/FSDP) when the model does not fit one GPU.', zh: '微调用数据并行(DDP);模型单卡放不下时用分片优化器(ZeRO/FSDP)。' },
      vision: { en: 'Data parallelism with the learning rate scaled to the global batch size and a warm-up.', zh: '数据并行,学习率按全局批量大小缩放并配合预热。' },
      tabular: { en: 'Run cross-validation folds and search trials in parallel; the models themselves rarely need distribution.', zh: '并行运行交叉验证的各折与搜索试验;模型本身很少需要分布式。' },
      llm: { en: 'Pipeline and tensor parallelism, or SWARM-style training over unreliable heterogeneous devices.', zh: '流水线并行与张量并行,或在不稳定的异构设备上采用 SWARM 式训练。' },
    },
    steps: {
      en: [
        'Parallelise the independent work first: seeds, folds and search trials.',
        'Scale the learning rate with the global batch size and add a warm-up when using data parallelism.',
        'Check that the distributed run reproduces the single-device accuracy before relying on it.',
      ],
      zh: [
        '优先并行化相互独立的工作:多个种子、交叉验证折和搜索试验。',
        '使用数据并行时,学习率随全局批量大小缩放并加预热。',
        '在依赖分布式训练之前,确认其准确率能复现单设备的结果。',
      ],
    },
    references: [
      { authors: 'Goyal, P., Dollár, P., Girshick, R., Noordhuis, P., Wesolowski, L., Kyrola, A., Tulloch, A., Jia, Y., He, K.', year: 2017, title: 'Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour', venue: 'arXiv:1706.02677' },
      { authors: 'Ryabinin, M., Dettmers, T., Diskin, M., Borzunov, A.', year: 2023, title: 'SWARM Parallelism: Training Large Models Can Be Surprisingly Communication-Efficient', venue: 'ICML 2023' },
      { authors: 'Li, L., Jamieson, K., Rostamizadeh, A., Gonina, E., Ben-tzur, J., Hardt, M., Recht, B., Talwalkar, A.', year: 2020, title: 'A System for Massively Parallel Hyperparameter Tuning', venue: 'MLSys 2020' },
    ],
  },
  // ----------------------------------------------------------------- model
  {
    id: 'architecture',
    category: 'model',
    title: { en: 'Architecture changes', zh: '模型架构改进' },
    summary: {
      en: 'Change the model itself (e.g. relative position encodings in attention, a larger or different backbone). Nothing in these inputs measures what it would gain, so try it after the data and training remedies, and measure over several seeds.',
      zh: '修改模型本身(如在注意力中引入相对位置编码、更大或不同的主干网络)。本工具的输入无法测量其收益,因此应在数据和训练方面的方案之后尝试,并在多个种子下测量。',
    },
    when: { en: 'Never triggered by a finding: no check here measures model capacity.', zh: '不会由任何发现触发:这里没有检查能衡量模型容量。' },
    appliesTo: [],
    measuredBy: [],
    cost: 'high',
    seedTerms: ['模型架构改进', '相对位置编码', '改进注意力'],
    variants: {
      nlp: { en: 'Relative position representations, longer context, or a larger pre-trained encoder.', zh: '相对位置表示、更长的上下文,或更大的预训练编码器。' },
      vision: { en: 'A stronger backbone (e.g. a newer CNN or a vision transformer) pre-trained at scale.', zh: '在大规模数据上预训练的更强主干(如更新的 CNN 或视觉 Transformer)。' },
      tabular: { en: 'Gradient-boosted trees usually beat deep networks on tables; compare before investing in an architecture.', zh: '在表格数据上梯度提升树通常优于深度网络;投入架构改进之前先对比。' },
      llm: { en: 'A larger or newer base model; compare at equal fine-tuning data and seeds.', zh: '更大或更新的基座模型;在相同微调数据和种子下比较。' },
    },
    steps: {
      en: [
        'Fix the data and training issues the audit found first; they confound architecture comparisons.',
        'Change one component at a time and compare over several seeds with a confidence interval.',
      ],
      zh: [
        '先修复审计发现的数据和训练问题;它们会干扰架构之间的比较。',
        '每次只改动一个组件,在多个种子下带置信区间进行比较。',
      ],
    },
    references: [
      { authors: 'Shaw, P., Uszkoreit, J., Vaswani, A.', year: 2018, title: 'Self-Attention with Relative Position Representations', venue: 'NAACL-HLT 2018' },
      { authors: 'Vaswani, A., Shazeer, N., Parmar, N., Uszkoreit, J., Jones, L., Gomez, A. N., Kaiser, Ł., Polosukhin, I.', year: 2017, title: 'Attention Is All You Need', venue: 'NeurIPS 2017' },
      { authors: 'Grinsztajn, L., Oyallon, E., Varoquaux, G.', year: 2022, title: 'Why Do Tree-Based Models Still Outperform Deep Learning on Typical Tabular Data?', venue: 'NeurIPS 2022 Datasets and Benchmarks Track' },
    ],
  },
  {
    id: 'ensemble',
    category: 'model',
    title: { en: 'Ensemble the runs', zh: '集成多次运行的模型' },
    summary: {
      en: 'Average the predicted probabilities of several independently trained runs (or vote): it removes much of the seed-to-seed variance, usually raises accuracy and improves calibration, at k times the inference cost.',
      zh: '对多次独立训练的模型的预测概率取平均(或投票):能消除大部分种子间方差,通常提高准确率并改善校准,代价是推理开销变为 k 倍。',
    },
    when: { en: 'Predictions differ across seeds, and the ensemble of the runs measurably beats the mean single run.', zh: '不同种子的预测不一致,且多次运行的集成在测量上优于单次运行的平均水平。' },
    appliesTo: ['seed-instability/churn', 'seed-instability/ensemble-gain', 'seed-instability/accuracy-spread'],
    measuredBy: ['ensembleGain'],
    cost: 'medium',
    seedTerms: ['集成学习', 'Ensemble Methods'],
    variants: {
      nlp: { en: 'Average the softmax outputs of fine-tuned models from different seeds; checkpoint averaging or weight averaging of fine-tuned models is a cheaper alternative.', zh: '对不同种子微调出的模型的 softmax 输出取平均;检查点平均或微调模型的权重平均是更省的替代方案。' },
      vision: { en: 'Average the probabilities of seeds (deep ensembles); test-time augmentation adds a cheap second ensemble.', zh: '对多个种子的概率取平均(深度集成);测试时增强可作为额外的低成本集成。' },
      tabular: { en: 'Average or stack models with different seeds or learners (boosted trees, linear); bagging already does this inside random forests.', zh: '对不同种子或不同学习器(提升树、线性模型)取平均或做堆叠;随机森林内部的 bagging 本身就是集成。' },
      llm: { en: 'Self-consistency: sample several answers and take the majority; or vote across fine-tuned checkpoints.', zh: '自洽性(self-consistency):采样多个答案取多数;或在多个微调检查点之间投票。' },
    },
    steps: {
      en: [
        'Keep the k runs you already trained; average their probabilities (or take a majority vote of their predictions).',
        'Evaluate the ensemble on the same split: the audit already measured its gain over the mean single run.',
        'If k-fold inference is too expensive, distil the ensemble into one model (see distill).',
      ],
      zh: [
        '保留已训练好的 k 个模型;对它们的概率取平均(或对预测做多数投票)。',
        '在同一评估集上评估集成:审计已经测出它相对单次运行平均水平的收益。',
        '如果 k 倍推理开销太大,把集成蒸馏成单个模型(见 distill)。',
      ],
    },
    references: [
      LAKSHMINARAYANAN_2017,
      { authors: 'Dietterich, T. G.', year: 2000, title: 'Ensemble Methods in Machine Learning', venue: 'Multiple Classifier Systems (MCS 2000), LNCS 1857, Springer' },
      { authors: 'Wang, X., Wei, J., Schuurmans, D., Le, Q., Chi, E., Narang, S., Chowdhery, A., Zhou, D.', year: 2023, title: 'Self-Consistency Improves Chain of Thought Reasoning in Language Models', venue: 'ICLR 2023' },
      { authors: 'Ovadia, Y., Fertig, E., Ren, J., Nado, Z., Sculley, D., Nowozin, S., Dillon, J. V., Lakshminarayanan, B., Snoek, J.', year: 2019, title: "Can You Trust Your Model's Uncertainty? Evaluating Predictive Uncertainty Under Dataset Shift", venue: 'NeurIPS 2019' },
    ],
  },
  {
    id: 'distill',
    category: 'model',
    title: { en: 'Distil the ensemble into one model', zh: '知识蒸馏:把集成压缩为单个模型' },
    summary: {
      en: 'Train a single student on the soft predictions of the ensemble (the teacher): it keeps much of the ensemble\'s accuracy and stability at the inference cost of one model.',
      zh: '用集成(教师)的软预测训练一个学生模型:以单个模型的推理开销保留集成的大部分准确率和稳定性。',
    },
    when: { en: 'An ensemble of the runs beats a single run, but serving k models is too expensive.', zh: '多次运行的集成优于单次运行,但部署 k 个模型开销太大。' },
    appliesTo: ['seed-instability/churn', 'seed-instability/ensemble-gain'],
    measuredBy: ['ensembleGain'],
    cost: 'high',
    seedTerms: ['知识蒸馏', 'Teacher-Student架构', '轻量级模型'],
    variants: {
      nlp: { en: 'Distil into a smaller encoder with the teacher\'s soft labels (DistilBERT-style); include unlabelled in-domain text in the transfer set.', zh: '用教师的软标签蒸馏到更小的编码器(类似 DistilBERT);转移数据集中可加入无标注的领域内文本。' },
      vision: { en: 'Soft-label distillation with a temperature; augmentations on the transfer set matter.', zh: '带温度的软标签蒸馏;转移数据集上的数据增强很重要。' },
      tabular: { en: 'Fit one model (e.g. a single boosted model) to the ensemble\'s averaged probabilities.', zh: '用单个模型(如单个提升树模型)拟合集成的平均概率。' },
      llm: { en: 'Generate the teacher\'s (or the majority-voted) answers on a prompt set and fine-tune the student on them.', zh: '在一组提示上生成教师(或多数投票)的答案,并用它们微调学生模型。' },
    },
    steps: {
      en: [
        'Build the teacher: the ensemble of the runs (averaged probabilities).',
        'Train the student on the teacher\'s soft targets (temperature 2 to 5) plus the true labels.',
        'Check that the student keeps most of the ensemble\'s measured gain, over several student seeds.',
      ],
      zh: [
        '构建教师:多次运行的集成(平均概率)。',
        '用教师的软目标(温度 2 到 5)加真实标签训练学生模型。',
        '在多个学生种子下确认学生保留了集成所测收益的大部分。',
      ],
    },
    references: [
      HINTON_2015,
      { authors: 'Buciluǎ, C., Caruana, R., Niculescu-Mizil, A.', year: 2006, title: 'Model Compression', venue: 'KDD 2006' },
      { authors: 'Sanh, V., Debut, L., Chaumond, J., Wolf, T.', year: 2019, title: 'DistilBERT, a Distilled Version of BERT: Smaller, Faster, Cheaper and Lighter', venue: 'NeurIPS 2019 EMC2 Workshop (arXiv:1910.01108)' },
    ],
  },
  {
    id: 'calibrate',
    category: 'model',
    title: { en: 'Calibrate the probabilities (temperature scaling)', zh: '概率校准(温度缩放)' },
    summary: {
      en: 'Fit one temperature (or Platt / isotonic scaling) on a validation split so that confidence matches accuracy; it leaves the predicted class unchanged and fixes over- or under-confidence.',
      zh: '在验证集上拟合一个温度参数(或 Platt / 保序回归缩放),使置信度与准确率一致;预测类别保持不变,修正过度或不足的自信。',
    },
    when: { en: 'The expected calibration error is large.', zh: '期望校准误差(ECE)较大。' },
    appliesTo: ['calibration'],
    measuredBy: ['calibrationError'],
    cost: 'low',
    seedTerms: ['持续评估', '预测结果不稳定'],
    variants: {
      nlp: { en: 'Temperature scaling of the classifier logits on the validation split.', zh: '在验证集上对分类器 logits 做温度缩放。' },
      vision: { en: 'Temperature scaling; label smoothing or mixup during training also reduce over-confidence.', zh: '温度缩放;训练时使用标签平滑或 mixup 也能减轻过度自信。' },
      tabular: { en: 'Platt scaling or isotonic regression on a held-out fold (isotonic needs more data).', zh: '在留出折上做 Platt 缩放或保序回归(保序回归需要更多数据)。' },
      llm: { en: 'Calibrate answer-token probabilities or verbalised confidence on a labelled set; self-consistency agreement is a usable confidence.', zh: '在有标注的数据集上校准答案词元的概率或模型口头表达的置信度;自洽性的一致率可作为置信度使用。' },
    },
    steps: {
      en: [
        'Hold out a validation split that is not used for early stopping or model selection.',
        'Fit the temperature by minimising the negative log-likelihood of the validation labels.',
        'Report ECE and Brier score before and after, on the test split.',
      ],
      zh: [
        '留出一个不用于早停或模型选择的验证集。',
        '通过最小化验证集标签的负对数似然来拟合温度参数。',
        '在测试集上报告校准前后的 ECE 与 Brier 分数。',
      ],
    },
    references: [
      GUO_2017,
      { authors: 'Platt, J. C.', year: 1999, title: 'Probabilistic Outputs for Support Vector Machines and Comparisons to Regularized Likelihood Methods', venue: 'Advances in Large Margin Classifiers, MIT Press' },
      { authors: 'Naeini, M. P., Cooper, G. F., Hauskrecht, M.', year: 2015, title: 'Obtaining Well Calibrated Probabilities Using Bayesian Binning', venue: 'AAAI 2015' },
      LAKSHMINARAYANAN_2017,
    ],
  },
  {
    id: 'early-exit',
    category: 'model',
    title: { en: 'Dynamic inference with early exit', zh: '动态推理(Early Exit 机制)' },
    summary: {
      en: 'Let easy inputs leave the network at an intermediate layer. It saves inference time rather than raising accuracy, so no finding here calls for it.',
      zh: '让简单输入在中间层提前退出网络。它节省的是推理时间而不是提升准确率,因此这里没有发现会触发它。',
    },
    when: { en: 'Never triggered by a finding: it trades accuracy for speed, and nothing here measures speed.', zh: '不会由任何发现触发:它用准确率换速度,而这里不测量速度。' },
    appliesTo: [],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['动态推理', 'Early Exit机制', '推理优化'],
    variants: {
      nlp: { en: 'Classifier heads after intermediate transformer layers with an entropy threshold (DeeBERT).', zh: '在 Transformer 中间层后添加分类头,按熵阈值提前退出(DeeBERT)。' },
      vision: { en: 'Side branches with confidence thresholds (BranchyNet).', zh: '带置信度阈值的旁路分支(BranchyNet)。' },
      tabular: { en: 'A cascade: a cheap model first, the expensive one only for uncertain rows.', zh: '级联:先用廉价模型,仅对不确定的行调用昂贵模型。' },
      llm: { en: 'Early exit or speculative decoding for latency; check accuracy on the hard slice after enabling it.', zh: '为降低延迟采用提前退出或投机解码;启用后检查困难切片上的准确率。' },
    },
    steps: {
      en: [
        'Add exits and pick thresholds on validation data for a target accuracy loss.',
        'Re-run this audit on the early-exit predictions: slices of hard inputs lose most.',
      ],
      zh: [
        '添加退出分支,并在验证集上按可接受的准确率损失选择阈值。',
        '用提前退出后的预测重新运行本审计:困难输入的切片损失最大。',
      ],
    },
    references: [
      { authors: 'Teerapittayanon, S., McDanel, B., Kung, H. T.', year: 2016, title: 'BranchyNet: Fast Inference via Early Exiting from Deep Neural Networks', venue: 'ICPR 2016' },
      { authors: 'Xin, J., Tang, R., Lee, J., Yu, Y., Lin, J.', year: 2020, title: 'DeeBERT: Dynamic Early Exiting for Accelerating BERT Inference', venue: 'ACL 2020' },
    ],
  },
  // --------------------------------------------------------------- process
  {
    id: 'more-seeds',
    category: 'process',
    title: { en: 'Run more seeds before concluding', zh: '多跑几个种子再下结论' },
    summary: {
      en: 'With this much run-to-run spread, a difference between two configurations measured on one or two seeds may be noise: train more seeds and compare means with confidence intervals.',
      zh: '运行间波动这么大时,只用一两个种子测出的两种配置之间的差异可能只是噪声:多训练几个种子,用均值和置信区间进行比较。',
    },
    when: { en: 'The accuracy of the runs spreads widely, or some runs fail.', zh: '各次运行的准确率波动很大,或部分运行失败。' },
    appliesTo: ['seed-instability/accuracy-spread', 'seed-instability/failed-runs'],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['持续评估与迭代', '预测结果不稳定'],
    variants: {
      nlp: { en: 'Fine-tuning results vary strongly with the seed (weight initialisation and data order): use 5 or more seeds per configuration.', zh: '微调结果随种子(权重初始化与数据顺序)变化很大:每种配置至少使用 5 个种子。' },
      vision: { en: 'Vary the seed and the data order; report mean and interval, not the best run.', zh: '同时改变种子和数据顺序;报告均值和区间,而不是最好的那次运行。' },
      tabular: { en: 'Repeated cross-validation with different fold seeds gives the spread cheaply.', zh: '用不同折划分种子做重复交叉验证,可以低成本地得到波动范围。' },
      llm: { en: 'Repeat the evaluation with several sampling seeds (and prompt orders); report the interval.', zh: '用多个采样种子(以及提示顺序)重复评估;报告区间。' },
    },
    steps: {
      en: [
        'Decide the number of seeds from the measured spread: the confidence interval narrows with the square root of the number of runs.',
        'Vary every source of randomness (initialisation, data order, dropout) and record it.',
        'Compare configurations by mean with a confidence interval, or with a paired test across seeds; never by the best seed.',
      ],
      zh: [
        '根据测得的波动确定种子数量:置信区间的宽度随运行次数的平方根收窄。',
        '改变所有随机性来源(初始化、数据顺序、Dropout)并记录下来。',
        '按均值加置信区间、或按跨种子的配对检验比较各配置;绝不按最好的种子比较。',
      ],
    },
    references: [
      BOUTHILLIER_2021,
      DODGE_2020,
      { authors: 'Agarwal, R., Schwarzer, M., Castro, P. S., Courville, A., Bellemare, M. G.', year: 2021, title: 'Deep Reinforcement Learning at the Edge of the Statistical Precipice', venue: 'NeurIPS 2021' },
      { authors: 'Reimers, N., Gurevych, I.', year: 2017, title: 'Reporting Score Distributions Makes a Difference: Performance Study of LSTM-networks for Sequence Tagging', venue: 'EMNLP 2017' },
    ],
  },
  {
    id: 'monitor-drift',
    category: 'process',
    title: { en: 'Continuous evaluation and drift monitoring', zh: '持续评估与概念漂移监控' },
    summary: {
      en: 'Keep evaluating after deployment, per slice, and watch the input and label distributions for drift; feed the errors back into the data (the feedback loop).',
      zh: '部署后持续分切片评估,监控输入与标签分布的漂移;把错误样本反馈回数据中(反馈闭环)。',
    },
    when: { en: 'Errors concentrate in one split or period of the data, a sign that the evaluation data differs from training.', zh: '错误集中在数据的某个划分或时间段,说明评估数据与训练数据存在差异。' },
    appliesTo: ['slices'],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['持续反馈循环', '持续评估', '概念漂移监控', '模型漂移', '闭环优化'],
    variants: {
      nlp: { en: 'Track vocabulary and topic shift (out-of-vocabulary rate, embedding distribution) and per-slice accuracy on fresh labelled samples.', zh: '跟踪词汇与主题的变化(未登录词比例、嵌入分布),并在新标注样本上跟踪各切片的准确率。' },
      vision: { en: 'Monitor image statistics and embedding drift per camera or site; re-label a sample of production images regularly.', zh: '按相机或站点监控图像统计量与嵌入漂移;定期重新标注一部分线上图像。' },
      tabular: { en: 'Population stability index or two-sample tests per feature, and the label rate over time.', zh: '对每个特征计算群体稳定性指数(PSI)或做双样本检验,并跟踪标签比例随时间的变化。' },
      llm: { en: 'Log prompts and graded outcomes; track the mix of request categories and the pass rate per category.', zh: '记录提示与评分结果;跟踪请求类别构成及各类别的通过率。' },
    },
    steps: {
      en: [
        'Record a reference distribution (inputs, predictions, labels) from the training data.',
        'Compare production windows against it with two-sample tests and per-slice metrics; alert on significant shifts.',
        'Label a sample of recent production data regularly, feed the errors back into training, and re-run this audit.',
      ],
      zh: [
        '从训练数据中记录参照分布(输入、预测、标签)。',
        '用双样本检验和逐切片指标把线上各时间窗口与参照分布比较;出现显著偏移时告警。',
        '定期标注近期的线上数据样本,把错误反馈到训练数据中,并重新运行本审计。',
      ],
    },
    references: [
      GAMA_2014,
      { authors: 'Rabanser, S., Günnemann, S., Lipton, Z. C.', year: 2019, title: 'Failing Loudly: An Empirical Study of Methods for Detecting Dataset Shift', venue: 'NeurIPS 2019' },
      { authors: 'Sculley, D., Holt, G., Golovin, D., Davydov, E., Phillips, T., Ebner, D., Chaudhary, V., Young, M., Crespo, J.-F., Dennison, D.', year: 2015, title: 'Hidden Technical Debt in Machine Learning Systems', venue: 'NeurIPS 2015' },
    ],
  },
  {
    id: 'ab-test',
    category: 'process',
    title: { en: 'Confirm improvements with A/B tests', zh: '用 A/B 测试验证改进效果' },
    summary: {
      en: 'Before adopting a change, compare it against the current model in a controlled experiment with enough traffic (or examples) to detect a difference larger than the run-to-run spread.',
      zh: '采用某项改动之前,先在对照实验中与当前模型比较,流量(或样本)要足以检测出大于运行间波动的差异。',
    },
    when: { en: 'Run-to-run spread is large enough to hide real differences between configurations.', zh: '运行间的波动大到足以掩盖配置之间的真实差异。' },
    appliesTo: ['seed-instability/accuracy-spread'],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['A/B测试', 'A/B 测试框架', '验证改进效果'],
    variants: {
      nlp: { en: 'Route a share of traffic to the candidate model; measure task success, not only offline accuracy.', zh: '把一部分流量分给候选模型;衡量任务成功率,而不只是离线准确率。' },
      vision: { en: 'Shadow-deploy the candidate and compare on the same inputs before switching.', zh: '先影子部署候选模型,在相同输入上比较后再切换。' },
      tabular: { en: 'Randomise at the entity level (user, account) and fix the sample size in advance from the minimum detectable effect.', zh: '在实体层面(用户、账户)随机分组,并根据最小可检测效应事先确定样本量。' },
      llm: { en: 'Pairwise comparisons on the same prompts (human or model judges) with a pre-registered number of items.', zh: '在相同提示上做成对比较(人工或模型评审),事先确定题目数量。' },
    },
    steps: {
      en: [
        'Define the success metric and the minimum effect worth detecting; compute the sample size.',
        'Randomise assignment, run for the planned duration, and do not stop early on a lucky peek.',
        'Adopt the change only if the interval of the difference excludes zero.',
      ],
      zh: [
        '定义成功指标和值得检测的最小效应;计算所需样本量。',
        '随机分配,按计划时长运行,不要因为偶然看到好结果就提前停止。',
        '只有当差异的置信区间不包含零时才采用改动。',
      ],
    },
    references: [
      KOHAVI_2009,
      { authors: 'Kohavi, R., Tang, D., Xu, Y.', year: 2020, title: 'Trustworthy Online Controlled Experiments: A Practical Guide to A/B Testing', venue: 'Cambridge University Press' },
    ],
  },
];

/** Ids that must exist with their meaning (issue 6); other tools key on them. */
export const REQUIRED_IDS = ['deduplicate', 'relabel', 'rebalance', 'targeted-data', 'augment', 'ensemble', 'calibrate', 'regularize', 'hyperparameter-search', 'distill', 'more-seeds', 'fix-leakage'] as const;

const BY_ID = new Map(CATALOGUE.map((entry) => [entry.id, entry]));

export function catalogueEntry(id: string): CatalogueEntry | undefined {
  return BY_ID.get(id);
}

/** `Authors (year). Title. Venue.` */
export function formatReference(reference: Reference): string {
  return `${reference.authors} (${reference.year}). ${reference.title}. ${reference.venue}.`;
}

/** Does a finding id match an `appliesTo` pattern (`check`, `check/key`, or a trailing `*`)? */
export function matchesPattern(pattern: string, findingId: string, check: string): boolean {
  if (pattern.endsWith('*')) return findingId.startsWith(pattern.slice(0, -1));
  if (!pattern.includes('/')) return pattern === check;
  return pattern === findingId;
}

/** The catalogue as plain data in one language, for `audit remedies`. */
export function catalogueListing(lang: Lang, task: Task | null = null): {
  id: string;
  category: Category;
  title: string;
  summary: string;
  when: string;
  appliesTo: string[];
  cost: Cost;
  steps: string[];
  references: string[];
  domainVariant?: string;
}[] {
  return CATALOGUE.map((entry) => ({
    id: entry.id,
    category: entry.category,
    title: entry.title[lang],
    summary: entry.summary[lang],
    when: entry.when[lang],
    appliesTo: [...entry.appliesTo],
    cost: entry.cost,
    steps: [...entry.steps[lang]],
    references: entry.references.map(formatReference),
    ...(task ? { domainVariant: entry.variants[task][lang] } : {}),
  }));
}
