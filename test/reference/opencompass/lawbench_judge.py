"""LawBench's own scoring of its single-choice task 3-6 (JEC-QA), on the fixture's items.

LawBench (open-compass/LawBench @e30981bb, evaluation/utils/function_utils.py, multi_choice_judge)
counts a prediction correct when the gold letter appears in it and no other option letter does.
This script applies that rule to fixtures/opencompass/lawbench and writes the per-model counts to
lawbench-judge-expected.json, which test/opencompass.test.ts compares with trainaudit's reading.

Run from the repository root: /usr/bin/python3 test/reference/opencompass/lawbench_judge.py
"""
import json
import pathlib

ROOT = pathlib.Path("fixtures/opencompass/lawbench/predictions/zero_shot")
OPTIONS = ["A", "B", "C", "D"]


def judge(prediction: str, gold: str) -> int:
    present = [option for option in OPTIONS if option in prediction]
    return int(present == [gold])


out = {}
for model_dir in sorted(ROOT.iterdir()):
    items = json.loads((model_dir / "3-6.json").read_text(encoding="utf-8"))
    # LawBench asserts references of the form "正确答案:C。"
    scores = {key: judge(item["prediction"], item["refr"][5]) for key, item in items.items()}
    out[model_dir.name] = {"items": len(scores), "correct": sum(scores.values()), "perItem": scores}
path = pathlib.Path(__file__).with_name("lawbench-judge-expected.json")
path.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
print({model: (v["correct"], v["items"]) for model, v in out.items()})
