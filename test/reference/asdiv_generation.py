"""Writes fixtures/generation/asdiv.csv: every 10th problem of ASDiv (Miao et al., 2020, "A Diverse
Corpus for Evaluating and Developing English Math Word Problem Solvers"; dataset/ASDiv.xml of
github.com/chaochun/nlu-asdiv-dataset at 883f90a9, CC BY-NC 4.0) as a generation task's data:
id, body, question, and `target`, the answer as lm-evaluation-harness's asdiv task takes it (the
text before " (": "9", "Mrs. Hilt").

    /usr/bin/python3 test/reference/asdiv_generation.py PATH/TO/ASDiv.xml
"""
import csv
import os
import sys
import xml.etree.ElementTree as ET

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "generation", "asdiv.csv")


def main(path):
    problems = ET.parse(path).getroot().iter("Problem")
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "body", "question", "target"])
        for i, p in enumerate(problems):
            if i % 10 != 0:
                continue
            answer = p.findtext("Answer").split(" (")[0].strip()
            writer.writerow([p.get("ID"), p.findtext("Body").strip(), p.findtext("Question").strip(), answer])


if __name__ == "__main__":
    main(sys.argv[1])
