import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';

/** fixtures/data-quality/reviews.csv: id,text,label,split (17 rows; see the fixture's README). */
export const REVIEWS_PATH = fileURLToPath(new URL('../../fixtures/data-quality/reviews.csv', import.meta.url));

export function reviewsFixture(): { header: string[]; rows: string[][] } {
  const parsed = Papa.parse<string[]>(readFileSync(REVIEWS_PATH, 'utf8'), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  return { header, rows };
}
