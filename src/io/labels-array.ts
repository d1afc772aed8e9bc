/**
 * `--labels FILE.npy|.npz`: the given labels as a NumPy array of class indices, one per data row in
 * data order (cleanlab's `labels` beside `pred_probs`): integers 0..K-1, -1 for a row without a
 * label. Class names are `--classes` in that order, else the indices themselves ("0", "1", ...),
 * so that they line up with the columns of a `--probs` array.
 */
import { InputError } from '../errors.js';
import type { Labels } from '../data/model.js';
import { resolvePositive } from '../data/labels.js';
import { readNumpyArray } from './npz.js';

const NPZ_KEYS = ['labels', 'label', 'y', 'targets'];

export async function readLabelsArray(path: string, options: { rowCount: number; classes: string[] | null; positiveClass: string | null }): Promise<Labels> {
  if (!/\.np[yz](\.gz)?$/i.test(path)) throw new InputError('--labels takes a NumPy array (.npy or .npz) of class indices', path);
  // The shape is checked from the header, before the values are read or even allocated.
  const check = (shape: readonly number[], label: string) => {
    if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1)))
      throw new InputError(`expected a 1-D array of class indices, got shape (${shape.join(', ')})`, label);
    if (shape[0] !== options.rowCount)
      throw new InputError(`has ${shape[0]} labels and the data has ${options.rowCount} rows: one label per data row, in data order`, label);
  };
  const { array, label } = await readNumpyArray(path, { keys: NPZ_KEYS, what: 'labels', check });
  const shape = array.shape;
  const codes = new Int32Array(shape[0]);
  let largest = -1;
  for (let row = 0; row < codes.length; row++) {
    const value = array.data[row];
    if (!Number.isInteger(value) || value < -1)
      throw new InputError(`row ${row} (0-based) holds ${String(value)}: labels are class indices 0, 1, ... (-1 for none)`, label);
    if (options.classes && value >= options.classes.length)
      throw new InputError(`row ${row} (0-based) holds class ${value} and --classes names ${options.classes.length}`, label);
    codes[row] = value;
    largest = Math.max(largest, value);
  }
  if (largest < 0) throw new InputError('every label is -1 (none)', label);
  const classes = options.classes ?? Array.from({ length: largest + 1 }, (_, c) => String(c));
  const positiveClass = resolvePositive(classes, options.positiveClass);
  if (options.positiveClass !== null && positiveClass < 0)
    throw new InputError(`--positive-class "${options.positiveClass}" is not one of the classes (${classes.slice(0, 10).join(', ')})`);
  return { classes, codes, source: label, positiveClass };
}
