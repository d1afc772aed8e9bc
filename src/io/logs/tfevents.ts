/**
 * TensorBoard event files: TFRecord framing (uint64 length, masked CRC-32C of the length, the
 * record, masked CRC-32C of the record; little-endian), each record an `Event` protobuf decoded by
 * protobufjs. Scalars come as `simple_value` (TF1, PyTorch's SummaryWriter) or as a scalar tensor
 * (TF2's `tf.summary.scalar`). A damaged record is an error naming its byte offset; a last record
 * cut short (a run still writing) is reported and the records before it are kept.
 */
import { InputError } from '../../errors.js';
import { crc32c, maskCrc } from '../../math/crc32c.js';
import { SeriesCollector, type TrainingLog } from '../../data/training-log.js';
import { rawChunks } from '../source.js';
import { decodeEvent, DT_DOUBLE, DT_FLOAT, DT_INT32, DT_INT64, type DecodedTensor } from './event-proto.js';

const HEADER_BYTES = 12;
const FOOTER_BYTES = 4;
/** A record longer than this is not a scalar log: the framing is corrupt (or the file is not an event file). */
const MAX_RECORD_BYTES = 256 * 1024 * 1024;

/** The single number a scalar tensor holds, or null for other tensors (strings, images, vectors). */
export function tensorScalar(tensor: DecodedTensor): number | null {
  const dims = tensor.tensorShape?.dim ?? [];
  if (dims.some((d) => Number(d.size ?? 0) !== 1)) return null;
  const content = tensor.tensorContent;
  const view = content && content.length > 0 ? new DataView(content.buffer, content.byteOffset, content.byteLength) : null;
  switch (tensor.dtype) {
    case DT_FLOAT:
      if (tensor.floatVal && tensor.floatVal.length === 1) return tensor.floatVal[0];
      return view && view.byteLength === 4 ? view.getFloat32(0, true) : null;
    case DT_DOUBLE:
      if (tensor.doubleVal && tensor.doubleVal.length === 1) return tensor.doubleVal[0];
      return view && view.byteLength === 8 ? view.getFloat64(0, true) : null;
    case DT_INT32:
      if (tensor.intVal && tensor.intVal.length === 1) return tensor.intVal[0];
      return view && view.byteLength === 4 ? view.getInt32(0, true) : null;
    case DT_INT64:
      if (tensor.int64Val && tensor.int64Val.length === 1) return Number(tensor.int64Val[0]);
      return view && view.byteLength === 8 ? Number(view.getBigInt64(0, true)) : null;
    default:
      return null;
  }
}

/** Reads one event file into a log of run `run`. */
export async function readEventFile(path: string, run: string): Promise<TrainingLog> {
  const collector = new SeriesCollector();
  let buffer: Buffer = Buffer.alloc(0);
  let offset = 0; // file offset of buffer[0]
  let records = 0;
  const take = (): boolean => {
    // Parses whole records at the front of the buffer; false when more bytes are needed.
    if (buffer.length < HEADER_BYTES) return false;
    const length = Number(buffer.readBigUInt64LE(0));
    const lengthCrc = buffer.readUInt32LE(8);
    if (maskCrc(crc32c(buffer, 0, 8)) !== lengthCrc)
      throw new InputError(
        `event file record ${records + 1} at byte offset ${offset}: the length's CRC-32C does not match (a damaged file, or not a TensorBoard event file)`,
        path,
      );
    if (length > MAX_RECORD_BYTES)
      throw new InputError(`event file record ${records + 1} at byte offset ${offset} claims ${length} bytes, more than a log record holds`, path);
    if (buffer.length < HEADER_BYTES + length + FOOTER_BYTES) return false;
    const data = buffer.subarray(HEADER_BYTES, HEADER_BYTES + length);
    if (maskCrc(crc32c(data)) !== buffer.readUInt32LE(HEADER_BYTES + length))
      throw new InputError(`event file record ${records + 1} at byte offset ${offset}: the record's CRC-32C does not match (the file is damaged)`, path);
    let event;
    try {
      event = decodeEvent(data);
    } catch (error) {
      throw new InputError(`event file record ${records + 1} at byte offset ${offset} is not a valid Event protobuf: ${(error as Error).message}`, path);
    }
    records++;
    const step = Number(event.step ?? 0);
    for (const value of event.summary?.value ?? []) {
      const tag = value.tag ?? '';
      let number: number | null = null;
      if (value.simpleValue !== undefined && value.simpleValue !== null && value.tensor === undefined) number = value.simpleValue;
      else if (value.tensor) {
        const plugin = value.metadata?.pluginData?.pluginName;
        if (plugin === undefined || plugin === '' || plugin === 'scalars') number = tensorScalar(value.tensor);
      }
      if (number !== null && tag !== '') collector.add(tag, step, NaN, number);
    }
    const used = HEADER_BYTES + length + FOOTER_BYTES;
    buffer = buffer.subarray(used);
    offset += used;
    return true;
  };
  for await (const chunk of rawChunks(path, path)) {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    while (take());
  }
  const truncated = buffer.length > 0 ? { offset, records } : null;
  if (records === 0 && truncated) throw new InputError(`not a TensorBoard event file: its first record is incomplete (${buffer.length} bytes)`, path);
  const series = collector.series('tensorboard');
  // Lightning logs `epoch` as a scalar: it gives each step its epoch.
  return { run, path, format: 'tensorboard', series: attachEpochs(series, collector), best: null, truncated };
}

/** Fills each point's epoch from an `epoch` scalar logged at the same step, when there is one. */
function attachEpochs(series: TrainingLog['series'], collector: SeriesCollector): TrainingLog['series'] {
  const epochAt = collector.valuesOf('epoch');
  if (!epochAt) return series;
  for (const s of series) for (let i = 0; i < s.steps.length; i++) s.epochs[i] = epochAt.get(s.steps[i]) ?? NaN;
  return series;
}
