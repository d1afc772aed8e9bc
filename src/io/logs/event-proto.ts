/**
 * The part of TensorFlow's `Event` protobuf (tensorflow/core/util/event.proto, summary.proto,
 * tensor.proto) a scalar reader needs, as a protobufjs reflection root: field numbers and types
 * as TensorFlow declares them. Fields left out (graphs, images, histograms, audio) are skipped by
 * the decoder as unknown fields.
 */
import protobuf from 'protobufjs';

const root = protobuf.Root.fromJSON({
  nested: {
    tensorboard: {
      nested: {
        Event: {
          fields: {
            wallTime: { type: 'double', id: 1 },
            step: { type: 'int64', id: 2 },
            fileVersion: { type: 'string', id: 3 },
            summary: { type: 'Summary', id: 5 },
          },
        },
        Summary: {
          fields: { value: { rule: 'repeated', type: 'SummaryValue', id: 1 } },
        },
        SummaryValue: {
          // A oneof, as in summary.proto: a logged 0.0 is on the wire and must read as 0, not as absent.
          oneofs: { value: { oneof: ['simpleValue', 'tensor'] } },
          fields: {
            tag: { type: 'string', id: 1 },
            simpleValue: { type: 'float', id: 2 },
            tensor: { type: 'TensorProto', id: 8 },
            metadata: { type: 'SummaryMetadata', id: 9 },
          },
        },
        SummaryMetadata: {
          fields: { pluginData: { type: 'PluginData', id: 1 } },
        },
        PluginData: {
          fields: { pluginName: { type: 'string', id: 1 } },
        },
        TensorProto: {
          fields: {
            dtype: { type: 'int32', id: 1 },
            tensorShape: { type: 'TensorShapeProto', id: 2 },
            tensorContent: { type: 'bytes', id: 4 },
            floatVal: { rule: 'repeated', type: 'float', id: 5 },
            doubleVal: { rule: 'repeated', type: 'double', id: 6 },
            intVal: { rule: 'repeated', type: 'int32', id: 7 },
            int64Val: { rule: 'repeated', type: 'int64', id: 10 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dim', id: 2 } },
        },
        Dim: {
          fields: { size: { type: 'int64', id: 1 } },
        },
      },
    },
  },
});

export const EventMessage = root.lookupType('tensorboard.Event');

export interface DecodedEvent {
  wallTime?: number;
  step?: number;
  fileVersion?: string;
  summary?: { value?: { tag?: string; simpleValue?: number; tensor?: DecodedTensor; metadata?: { pluginData?: { pluginName?: string } } }[] };
}

export interface DecodedTensor {
  dtype?: number;
  tensorShape?: { dim?: { size?: number }[] };
  tensorContent?: Uint8Array;
  floatVal?: number[];
  doubleVal?: number[];
  intVal?: number[];
  int64Val?: number[];
}

/** TensorFlow DataType codes of the numeric scalars read. */
export const DT_FLOAT = 1;
export const DT_DOUBLE = 2;
export const DT_INT32 = 3;
export const DT_INT64 = 9;
export const DT_HALF = 19;
export const DT_BFLOAT16 = 14;

/** Decodes one record as an Event, with 64-bit integers as numbers. */
export function decodeEvent(bytes: Uint8Array): DecodedEvent {
  const message = EventMessage.decode(bytes);
  return EventMessage.toObject(message, { longs: Number });
}
