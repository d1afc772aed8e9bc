/** The near-duplicates check's phrases (how close, remedy evidence, export reasons), in English and Chinese. */
import { num4 } from './support/format.js';
import { words } from './support/bilingual.js';

export const wording = {
  /** How close embedding near-duplicates are: the similarity, and the radius that set it. */
  howClose: words(
    (a: { similarity: number; radius: number | null; medianNearestDistance: number }) =>
      a.radius === null
        ? `cosine similarity of their embeddings ≥ ${num4(a.similarity)}`
        : `cosine similarity of their embeddings ≥ ${num4(a.similarity)}: closer than ${a.radius} × the median nearest-neighbour distance ${num4(a.medianNearestDistance)}`,
    (a) =>
      a.radius === null
        ? `嵌入向量余弦相似度 ≥ ${num4(a.similarity)}`
        : `嵌入向量余弦相似度 ≥ ${num4(a.similarity)}，即距离小于最近邻距离中位数 ${num4(a.medianNearestDistance)} 的 ${a.radius} 倍`,
  ),
  embeddingEvidence: words(
    (count: number, shareText: string, threshold: number | null, clusters: number | null) =>
      `${count} rows${shareText} are near-duplicates of another row in embedding space (cosine similarity >=${threshold !== null ? ` ${num4(threshold)}` : ''})${clusters !== null ? `, in ${clusters} clusters` : ''}.`,
    (count, shareText, threshold, clusters) =>
      `${count} 行${shareText}在嵌入空间中与其他行近似重复(余弦相似度 ≥${threshold !== null ? ` ${num4(threshold)}` : ''})${clusters !== null ? `,共 ${clusters} 个簇` : ''}。`,
  ),
  textEvidence: words(
    (count: number, shareText: string, threshold: number | null, clusters: number | null) =>
      `${count} rows${shareText} are near-duplicates of another row (character 5-gram Jaccard >=${threshold !== null ? ` ${threshold}` : ''})${clusters !== null ? `, in ${clusters} clusters` : ''}.`,
    (count, shareText, threshold, clusters) =>
      `${count} 行${shareText}与其他行近似重复(字符 5-gram Jaccard 相似度 ≥${threshold !== null ? ` ${threshold}` : ''})${clusters !== null ? `,共 ${clusters} 个簇` : ''}。`,
  ),
  exportReason: words(
    (first: number, line: number, size: number) => `near-duplicate of row ${first} (line ${line}); cluster of ${size}`,
    (first, line, size) => `与记录 ${first}(文件第 ${line} 行)近似重复;该簇共 ${size} 条记录`,
  ),
};
