import { loadData } from '../../src/io/data.js';
import { loadPredictions } from '../../src/io/predictions.js';
import { detectRoles } from '../../src/data/roles.js';
import { labelsFromColumn } from '../../src/data/labels.js';
import type { AuditInputs } from '../../src/checks/context.js';

/** Audit inputs loaded from files with the CLI's loaders (data file, prediction files). */
export async function loadInputs(dataPath: string, predictionPaths: string[]): Promise<AuditInputs> {
  const data = await loadData(dataPath);
  const roles = detectRoles(data, {});
  const labelColumn = roles.label ? data.column(roles.label)! : null;
  let labels = null;
  if (labelColumn) {
    const { unknown: _unknown, ...rest } = labelsFromColumn(labelColumn, null, null);
    labels = rest;
  }
  const loaded = await loadPredictions(predictionPaths, { data, roles, labels, classes: null, positiveClass: null });
  return { data, roles, labels: loaded.labels, predictions: loaded.predictions };
}
