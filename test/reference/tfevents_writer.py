"""Writes TensorBoard event files for the reader's tests (issue 13), independently of it: the
messages are built with Debian's python3-protobuf from descriptors declared here after
TensorFlow's event.proto, summary.proto and tensor.proto (field numbers as TensorFlow gives
them), and framed as TFRecord with crcmod's CRC-32C and TensorFlow's mask.

From seed 0 of the MLP runs (fixtures/training-dynamics/noisy/seed-0-curve.json):
  - tensorboard/simple/events.out.tfevents.1.writer: TF1 / PyTorch style, `simple_value` scalars
    `train/loss`, `validation/loss`, `validation/accuracy`, plus a file_version record;
  - tensorboard/tensor/events.out.tfevents.2.writer: TF2 style, scalars as rank-0 float tensors
    (`tensor_content` for the losses, `float_val` for the accuracy) with plugin "scalars", and a
    text summary (a string tensor, plugin "text") that must be skipped;
  - tensorboard/truncated/events.out.tfevents.3.writer: the simple file with its last record cut
    in half (a run still writing);
  - tensorboard/corrupt/events.out.tfevents.4.writer: the simple file with one byte of its fifth
    record flipped (the record CRC no longer matches);
  - tensorboard/expected.json: the values as float32 (what the files hold) and the byte offset of
    the damaged record.

    /usr/bin/python3 test/reference/tfevents_writer.py   # python3-protobuf 3.21, python3-crcmod
"""

import json
import os
import struct

import crcmod.predefined
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "fixtures", "training-dynamics", "tensorboard")
CURVE = os.path.join(HERE, "..", "..", "fixtures", "training-dynamics", "noisy", "seed-0-curve.json")

crc32c = crcmod.predefined.mkCrcFun("crc-32c")


def masked(data):
    crc = crc32c(data)
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def frame(data):
    length = struct.pack("<Q", len(data))
    return length + struct.pack("<I", masked(length)) + data + struct.pack("<I", masked(data))


F = descriptor_pb2.FieldDescriptorProto


def message(file, name, fields):
    m = file.message_type.add(name=name)
    for field_name, number, kind, label, type_name in fields:
        f = m.field.add(name=field_name, number=number, type=kind, label=label)
        if type_name:
            f.type_name = type_name
    return m


def build_classes():
    file = descriptor_pb2.FileDescriptorProto(name="tb_subset.proto", package="tbw", syntax="proto3")
    opt, rep = F.LABEL_OPTIONAL, F.LABEL_REPEATED
    message(file, "Dim", [("size", 1, F.TYPE_INT64, opt, None)])
    message(file, "TensorShapeProto", [("dim", 2, F.TYPE_MESSAGE, rep, ".tbw.Dim")])
    message(file, "TensorProto", [
        ("dtype", 1, F.TYPE_INT32, opt, None),
        ("tensor_shape", 2, F.TYPE_MESSAGE, opt, ".tbw.TensorShapeProto"),
        ("tensor_content", 4, F.TYPE_BYTES, opt, None),
        ("float_val", 5, F.TYPE_FLOAT, rep, None),
        ("string_val", 8, F.TYPE_BYTES, rep, None),
    ])
    message(file, "PluginData", [("plugin_name", 1, F.TYPE_STRING, opt, None), ("content", 2, F.TYPE_BYTES, opt, None)])
    message(file, "SummaryMetadata", [("plugin_data", 1, F.TYPE_MESSAGE, opt, ".tbw.PluginData")])
    message(file, "Value", [
        ("tag", 1, F.TYPE_STRING, opt, None),
        ("simple_value", 2, F.TYPE_FLOAT, opt, None),
        ("tensor", 8, F.TYPE_MESSAGE, opt, ".tbw.TensorProto"),
        ("metadata", 9, F.TYPE_MESSAGE, opt, ".tbw.SummaryMetadata"),
    ])
    message(file, "Summary", [("value", 1, F.TYPE_MESSAGE, rep, ".tbw.Value")])
    message(file, "Event", [
        ("wall_time", 1, F.TYPE_DOUBLE, opt, None),
        ("step", 2, F.TYPE_INT64, opt, None),
        ("file_version", 3, F.TYPE_STRING, opt, None),
        ("summary", 5, F.TYPE_MESSAGE, opt, ".tbw.Summary"),
    ])
    # proto3 scalars without presence would drop simple_value = 0.0; the curves never hold an exact 0.
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    factory = message_factory.MessageFactory(pool)
    return {name: factory.GetPrototype(pool.FindMessageTypeByName(f"tbw.{name}")) for name in ["Event", "Summary", "Value", "TensorProto", "SummaryMetadata", "PluginData"]}


C = build_classes()


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def simple_events(curve, steps_per_epoch):
    records = [C["Event"](wall_time=1.7e9, file_version="brain.Event:2").SerializeToString()]
    for point in curve:
        step = point["epoch"] * steps_per_epoch
        for tag, key in [("train/loss", "train_loss"), ("validation/loss", "val_loss"), ("validation/accuracy", "val_accuracy")]:
            event = C["Event"](wall_time=1.7e9 + step, step=step)
            event.summary.value.add(tag=tag, simple_value=point[key])
            records.append(event.SerializeToString())
    return records


def tensor_events(curve, steps_per_epoch):
    records = [C["Event"](wall_time=1.7e9, file_version="brain.Event:2").SerializeToString()]
    for point in curve:
        step = point["epoch"] * steps_per_epoch
        event = C["Event"](wall_time=1.7e9 + step, step=step)
        for tag, key in [("train/loss", "train_loss"), ("validation/loss", "val_loss")]:
            v = event.summary.value.add(tag=tag)
            v.metadata.plugin_data.plugin_name = "scalars"
            v.tensor.dtype = 1  # DT_FLOAT
            v.tensor.tensor_content = struct.pack("<f", point[key])
        v = event.summary.value.add(tag="validation/accuracy")
        v.metadata.plugin_data.plugin_name = "scalars"
        v.tensor.dtype = 1
        v.tensor.float_val.append(point["val_accuracy"])
        if point["epoch"] == 1:
            t = event.summary.value.add(tag="notes/text_summary")
            t.metadata.plugin_data.plugin_name = "text"
            t.tensor.dtype = 7  # DT_STRING
            t.tensor.string_val.append(b"first epoch")
        records.append(event.SerializeToString())
    return records


def write(path, blob):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(blob)


def main():
    with open(CURVE) as f:
        saved = json.load(f)
    curve, spe = saved["curve"], saved["stepsPerEpoch"]
    simple = b"".join(frame(r) for r in simple_events(curve, spe))
    write(os.path.join(OUT, "simple", "events.out.tfevents.1.writer"), simple)
    write(os.path.join(OUT, "tensor", "events.out.tfevents.2.writer"), b"".join(frame(r) for r in tensor_events(curve, spe)))
    last = frame(simple_events(curve, spe)[-1])
    write(os.path.join(OUT, "truncated", "events.out.tfevents.3.writer"), simple[: len(simple) - len(last) // 2])
    framed = [frame(r) for r in simple_events(curve, spe)]
    offset = sum(len(r) for r in framed[:4])
    damaged = bytearray(simple)
    damaged[offset + 14] ^= 0x40
    write(os.path.join(OUT, "corrupt", "events.out.tfevents.4.writer"), bytes(damaged))
    expected = {
        "steps": [p["epoch"] * spe for p in curve],
        "train/loss": [f32(p["train_loss"]) for p in curve],
        "validation/loss": [f32(p["val_loss"]) for p in curve],
        "validation/accuracy": [f32(p["val_accuracy"]) for p in curve],
        "records": len(framed),
        "truncatedOffset": len(simple) - len(last),
        "corruptRecord": 5,
        "corruptOffset": offset,
    }
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main()
