import type { Lang } from '../core/vocabulary.js';
/** Fixed words of the human-readable reports, per `--lang`. */
const en = {
  schema: 'schema',
  data: 'data',
  rows: 'rows',
  columns: 'columns',
  roles: 'roles',
  classes: 'classes',
  none: 'none',
  predictions: 'predictions',
  runs: 'runs',
  records: 'records',
  findings: 'Findings',
  example: 'e.g.',
  moreFindings: 'more findings (see --format json):',
  remedies: 'What to do first',
  score: 'score',
  why: 'why',
  moreRemedies: 'more remedies in the JSON report',
  checks: 'Checks',
  gateOff: 'gate: off (--fail-on none)',
  gatePassed: 'gate passed',
  gateFailed: 'gate failed',
  findingsAtOrAbove: 'finding(s) at or above',
  summary: 'Summary',
  severity: 'severity',
  finding: 'finding',
  check: 'check',
  status: 'status',
  severities: { info: 'info', low: 'low', medium: 'medium', high: 'high', critical: 'critical' },
  /** After the title of a finding whose text is in English in a report in another language. */
  inEnglish: '(in English)',
  markdownCut: (n: number) => `_${n} more finding${n === 1 ? '' : 's'} left out to keep this summary under GitHub's 1 MiB limit; the JSON and SARIF reports have every finding._`,
};

const zh: typeof en = {
  schema: '模式版本',
  data: '数据',
  rows: '行',
  columns: '列',
  roles: '列角色',
  classes: '类别',
  none: '无',
  predictions: '预测',
  runs: '次运行',
  records: '条记录',
  findings: '发现的问题',
  example: '例',
  moreFindings: '个问题未展开（见 --format json）：',
  remedies: '优先采取的措施',
  score: '得分',
  why: '原因',
  moreRemedies: '条措施见 JSON 报告',
  checks: '检查项',
  gateOff: '门禁：关闭（--fail-on none）',
  gatePassed: '门禁通过',
  gateFailed: '门禁未通过',
  findingsAtOrAbove: '个问题达到或高于',
  summary: '摘要',
  severity: '严重程度',
  finding: '问题',
  check: '检查',
  status: '状态',
  severities: { info: '提示', low: '低', medium: '中', high: '高', critical: '严重' },
  inEnglish: '（仅有英文）',
  markdownCut: (n: number) => `_为使摘要不超过 GitHub 的 1 MiB 限制，另有 ${n} 条发现未列出；JSON 和 SARIF 报告包含全部发现。_`,
};

export type Messages = typeof en;

export function messages(lang: Lang): Messages {
  return lang === 'zh' ? zh : en;
}
