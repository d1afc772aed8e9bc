/**
 * `audit remedies`: the catalogue as text or JSON, in one language, optionally with the variant
 * for one task domain. Pure: returns the string to print.
 */
import { CATALOGUE, catalogueListing, type Category, type Lang, type Task } from '../remedies/catalogue/index.js';
import { SCORE_FORMULA } from '../remedies/rank.js';

export interface CatalogueRenderOptions {
  lang: Lang;
  task: Task | null;
  format: 'text' | 'json';
}

const CATEGORY_TITLES: Record<Category, Record<Lang, string>> = {
  data: { en: 'Data', zh: '数据' },
  training: { en: 'Training strategy', zh: '训练策略' },
  model: { en: 'Model and inference', zh: '模型与推理' },
  process: { en: 'Process', zh: '流程' },
};

const LABELS = {
  en: { cost: 'cost', when: 'When', triggers: 'Triggered by', never: 'no finding (listed for completeness)', variant: 'For', steps: 'Steps', references: 'References', costs: { low: 'low', medium: 'medium', high: 'high' }, ranking: 'Ranking' },
  zh: { cost: '成本', when: '适用情形', triggers: '触发条件', never: '无(仅为完整列出)', variant: '领域', steps: '步骤', references: '参考文献', costs: { low: '低', medium: '中', high: '高' }, ranking: '排序' },
} as const;

export function renderCatalogue(options: CatalogueRenderOptions): string {
  const { lang, task } = options;
  const listing = catalogueListing(lang, task);
  if (options.format === 'json') {
    return `${JSON.stringify({ lang, task, scoreFormula: SCORE_FORMULA, remedies: listing }, null, 2)}\n`;
  }
  const l = LABELS[lang];
  const out: string[] = [];
  let category: Category | null = null;
  listing.forEach((entry, index) => {
    if (entry.category !== category) {
      category = entry.category;
      if (out.length > 0) out.push('');
      out.push(`== ${CATEGORY_TITLES[category][lang]} ==`, '');
    }
    const seedTerms = CATALOGUE[index].seedTerms.join(lang === 'en' ? ', ' : '、');
    out.push(`${entry.id}: ${entry.title} (${l.cost}: ${l.costs[entry.cost]})`);
    out.push(`  ${entry.summary}`);
    out.push(`  ${l.when}: ${entry.when}`);
    out.push(`  ${l.triggers}: ${entry.appliesTo.length > 0 ? entry.appliesTo.join(', ') : l.never}`);
    if (seedTerms) out.push(`  ${lang === 'en' ? 'Thread terms' : '原帖用语'}: ${seedTerms}`);
    if (entry.domainVariant && task) out.push(`  ${l.variant} ${task}: ${entry.domainVariant}`);
    out.push(`  ${l.steps}:`);
    entry.steps.forEach((step, i) => out.push(`    ${i + 1}. ${step}`));
    out.push(`  ${l.references}:`);
    for (const reference of entry.references) out.push(`    - ${reference}`);
    out.push('');
  });
  out.push(`${l.ranking}: ${SCORE_FORMULA}`);
  return `${out.join('\n')}\n`;
}
