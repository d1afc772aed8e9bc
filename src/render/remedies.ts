/**
 * `audit remedies`: the catalogue as text or JSON, in one language, optionally with the variant
 * for one task domain. Pure: returns the string to print.
 */
import { CATALOGUE, catalogueListing, type Category, type Lang, type Task } from '../remedies/catalogue/index.js';
import { SCORE_FORMULA } from '../remedies/rank.js';
import { wrap } from './columns.js';

export interface CatalogueRenderOptions {
  lang: Lang;
  task: Task | null;
  format: 'text' | 'json';
  /** Terminal columns the text wraps to (default 80). */
  width?: number;
}

const CATEGORY_TITLES: Record<Category, Record<Lang, string>> = {
  data: { en: 'Data', zh: '数据' },
  training: { en: 'Training strategy', zh: '训练策略' },
  model: { en: 'Model and inference', zh: '模型与推理' },
  process: { en: 'Process', zh: '流程' },
};

const LABELS = {
  en: {
    cost: 'cost',
    when: 'When',
    triggers: 'Triggered by',
    never: 'no finding (listed for completeness)',
    variant: 'For',
    steps: 'Steps',
    references: 'References',
    costs: { low: 'low', medium: 'medium', high: 'high' },
    ranking: 'Ranking',
  },
  zh: {
    cost: '成本',
    when: '适用情形',
    triggers: '触发条件',
    never: '无(仅为完整列出)',
    variant: '领域',
    steps: '步骤',
    references: '参考文献',
    costs: { low: '低', medium: '中', high: '高' },
    ranking: '排序',
  },
} as const;

export function renderCatalogue(options: CatalogueRenderOptions): string {
  const { lang, task } = options;
  const listing = catalogueListing(lang, task);
  if (options.format === 'json') {
    return `${JSON.stringify({ lang, task, scoreFormula: SCORE_FORMULA, remedies: listing }, null, 2)}\n`;
  }
  const l = LABELS[lang];
  const width = options.width ?? 80;
  const out: string[] = [];
  let category: Category | null = null;
  listing.forEach((entry, index) => {
    if (entry.category !== category) {
      category = entry.category;
      if (out.length > 0) out.push('');
      out.push(`== ${CATEGORY_TITLES[category][lang]} ==`, '');
    }
    const seedTerms = CATALOGUE[index].seedTerms.join(lang === 'en' ? ', ' : '、');
    // Each entry wraps with a hanging indent under its own label.
    const line = (text: string, indent: string, continuation = `${indent}  `) => out.push(...wrap(text, width, indent, continuation));
    line(`${entry.id}: ${entry.title} (${l.cost}: ${l.costs[entry.cost]})`, '', '  ');
    line(entry.summary, '  ', '  ');
    line(`${l.when}: ${entry.when}`, '  ');
    line(`${l.triggers}: ${entry.appliesTo.length > 0 ? entry.appliesTo.join(', ') : l.never}`, '  ');
    if (seedTerms) line(`${lang === 'en' ? 'Thread terms' : '原帖用语'}: ${seedTerms}`, '  ');
    if (entry.domainVariant && task) line(`${l.variant} ${task}: ${entry.domainVariant}`, '  ');
    out.push(`  ${l.steps}:`);
    entry.steps.forEach((step, i) => line(`${i + 1}. ${step}`, '    ', '       '));
    out.push(`  ${l.references}:`);
    for (const reference of entry.references) line(`- ${reference}`, '    ', '      ');
    out.push('');
  });
  out.push(...wrap(`${l.ranking}: ${SCORE_FORMULA}`, width, '', '  '));
  return `${out.join('\n')}\n`;
}
