"""A fine-tuning corpus with evaluation items planted in it, and an independent reference of their
13-gram coverage (fixtures/contamination/).

Evaluation items: the 231 ASDiv problems of fixtures/generation/asdiv.csv (body and question joined
by a space), written as `asdiv-eval.csv` (id, text, target); and 40 generated Chinese arithmetic
word problems (`zh-eval.csv`).

`finetune-alpaca.jsonl`: 5,000 Alpaca-style rows (instruction, input, output), seeded:
  - 10 rows hold an ASDiv item wrapped in a template: 5 as Alpaca's
    "Below is an instruction ... ### Instruction:\\n<item>\\n\\n### Response:" in `instruction`, 5 as
    instruction "Solve this math word problem." with the item in `input`, upper-cased and with its
    punctuation changed (normalisation must undo both);
  - 4 rows hold the first 40% of the tokens of another item (partly covered, below 50%);
  - the other rows are instructions made of words drawn from the ASDiv vocabulary and a list of
    instruction phrases (they share words and short phrases with the items, never a 13-gram by
    construction: drawn at random, checked below).
`finetune-zh.jsonl`: 1,000 rows in Chinese, 3 of them wrapping a Chinese item in a template
("### 指令:\\n<item>\\n\\n### 回答:"), the others sentences of characters drawn from the items' own.

`preds.jsonl`: per ASDiv item one run's `correct`, drawn with probability 0.95 for the planted
items and 0.55 for the others (a model that memorised what it saw).

`expected.json`: per planted item its row in the eval file, and the coverage computed here with
exact n-gram strings (not hashes): tokens are NFKC-lower-cased runs of letters/digits/marks, each
CJK character a token; coverage = share of the item's distinct 13-grams present in the corpus text
(instruction + "\\n" + input).

    /usr/bin/python3 test/reference/contamination_fixture.py
"""
import csv
import json
import os
import random
import re
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "fixtures", "contamination")
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"


def tokenize(text):
    text = unicodedata.normalize("NFKC", text).lower()
    return [t for t in re.findall(f"[{CJK}]|[^\\W_{CJK}]+", text)]


def grams(tokens, n=13):
    if len(tokens) < n:
        return {tuple(tokens)} if len(tokens) >= 8 else set()
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


rng = random.Random(31)
with open(os.path.join(ROOT, "fixtures", "generation", "asdiv.csv"), newline="") as f:
    asdiv = list(csv.DictReader(f))
items = [{"id": r["id"], "text": f"{r['body']} {r['question']}", "target": r["target"]} for r in asdiv]
os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "asdiv-eval.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "text", "target"])
    for it in items:
        w.writerow([it["id"], it["text"], it["target"]])

eligible = [i for i, it in enumerate(items) if len(tokenize(it["text"])) >= 20]
planted = sorted(rng.sample(eligible, 14))
wrapped, partial = planted[:10], planted[10:]
vocab = sorted({t for it in items for t in tokenize(it["text"])})
phrases = ["Write a short story about", "Summarize the following text", "Translate into French", "Explain why", "List three facts about", "Give an example of", "Rewrite this sentence", "Classify the sentiment of"]


def filler():
    words = " ".join(rng.choice(vocab) for _ in range(rng.randint(6, 30)))
    return {"instruction": f"{rng.choice(phrases)} {words}.", "input": rng.choice(["", " ".join(rng.choice(vocab) for _ in range(8))]), "output": " ".join(rng.choice(vocab) for _ in range(12))}


rows = [filler() for _ in range(5000 - len(planted))]
special = []
for k, i in enumerate(wrapped):
    it = items[i]
    if k < 5:
        special.append({"instruction": f"Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n### Instruction:\n{it['text']}\n\n### Response:", "input": "", "output": it["target"]})
    else:
        shouted = it["text"].upper().replace(",", " ;").replace(".", " !")
        special.append({"instruction": "Solve this math word problem.", "input": shouted, "output": f"The answer is {it['target']}."})
for i in partial:
    toks = tokenize(items[i]["text"])
    special.append({"instruction": "Continue the text.", "input": " ".join(toks[: int(len(toks) * 0.4)]), "output": "..."})
for row in special:
    rows.insert(rng.randrange(len(rows) + 1), row)
with open(os.path.join(OUT, "finetune-alpaca.jsonl"), "w") as f:
    for row in rows:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")

corpus = set()
for row in rows:
    toks = tokenize(row["instruction"] + "\n" + row["input"])
    for n in {13} | {len(tokenize(it["text"])) for it in items if 8 <= len(tokenize(it["text"])) < 13}:
        corpus |= {tuple(toks[j:j + n]) for j in range(len(toks) - n + 1)}
coverage = {}
for i, it in enumerate(items):
    g = grams(tokenize(it["text"]))
    if g:
        c = len(g & corpus) / len(g)
        if c > 0:
            coverage[i] = c
assert set(i for i, c in coverage.items() if c >= 0.5) == set(wrapped), coverage

with open(os.path.join(OUT, "preds.jsonl"), "w") as f:
    for i, it in enumerate(items):
        p = 0.95 if i in wrapped else 0.55
        f.write(json.dumps({"id": it["id"], "correct": rng.random() < p}) + "\n")

# Chinese items and corpus.
names = ["小明", "小红", "王老师", "李阿姨", "张师傅", "小刚", "妈妈", "爷爷"]
things = ["苹果", "铅笔", "图书", "气球", "糖果", "小鸟", "花盆", "积木"]
zh_items = []
for i in range(40):
    a, b = rng.randint(3, 90), rng.randint(2, 60)
    n1, n2 = rng.sample(names, 2)
    t = rng.choice(things)
    zh_items.append({"id": f"zh{i:02d}", "text": f"{n1}有{a}个{t}，{n2}又给了{n1}{b}个{t}，后来{n1}分给同学{min(a, b)}个，现在{n1}一共还有多少个{t}？", "target": str(a + b - min(a, b))})
with open(os.path.join(OUT, "zh-eval.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "text", "target"])
    for it in zh_items:
        w.writerow([it["id"], it["text"], it["target"]])
zh_planted = sorted(rng.sample(range(40), 3))
chars = sorted({c for it in zh_items for c in it["text"] if re.match(f"[{CJK}]", c)})
zh_rows = [{"instruction": "".join(rng.choice(chars) for _ in range(rng.randint(10, 40))), "input": "", "output": "".join(rng.choice(chars) for _ in range(8))} for _ in range(1000 - 3)]
for i in zh_planted:
    zh_rows.insert(rng.randrange(len(zh_rows) + 1), {"instruction": f"### 指令:\n{zh_items[i]['text']}\n\n### 回答:", "input": "", "output": zh_items[i]["target"]})
with open(os.path.join(OUT, "finetune-zh.jsonl"), "w") as f:
    for row in zh_rows:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")

with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump({"wrapped": [{"row": i, "id": items[i]["id"]} for i in wrapped], "partial": [{"row": i, "id": items[i]["id"]} for i in partial], "coverage": {str(i): c for i, c in sorted(coverage.items())}, "zhPlanted": [{"row": i, "id": zh_items[i]["id"]} for i in zh_planted]}, f, indent=1)
    f.write("\n")
print("wrapped", wrapped, "partial", partial, "coverage", coverage)
