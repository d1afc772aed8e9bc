#!/usr/bin/env python3
"""The contamination scan's shard tasks on a Dask cluster: one `audit scan-shard` per shard.

    python3 examples/dask-scan.py eval.csv shard-*.jsonl --train-text-cols instruction,input
    audit merge eval.csv preds.jsonl --partials shard-*.partial.json --train-text-cols instruction,input

Each task writes its partial result beside its shard (shard-3.jsonl -> shard-3.partial.json, as
GNU parallel's {.} would) and the script prints the partial results' paths in shard order. Without
--scheduler it starts a LocalCluster of worker processes on this machine; with --scheduler
tcp://HOST:8786 the tasks go to that cluster, whose workers need the audit command and the shards
at the same paths. Options it does not know (--label-col, --text-col, ...) are passed to every task.
"""
import argparse
import os
import shlex
import subprocess
import sys

from dask.distributed import Client, LocalCluster


def scan_shard(audit, cwd, data, shard, text_cols, extra):
    """One shard task: runs `audit scan-shard` in the client's directory; returns the partial result's path and its log line."""
    partial = os.path.splitext(shard)[0] + ".partial.json"
    command = audit + ["scan-shard", data, "--shard", shard, "--train-text-cols", text_cols, "-o", partial] + extra
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
    if done.returncode != 0:
        raise RuntimeError(f"scan-shard failed on {shard} (exit {done.returncode}): {done.stderr.strip()}")
    return partial, done.stderr.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", help="the evaluation items (the data file given to audit)")
    parser.add_argument("shards", nargs="+", help="the corpus shards, one task each")
    parser.add_argument("--train-text-cols", required=True, help="the corpus fields holding its text")
    parser.add_argument("--audit", default="audit", help='the audit command (default: "audit"; e.g. "node bin/audit.js")')
    parser.add_argument("--scheduler", help="address of a running Dask scheduler (default: a LocalCluster here)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the LocalCluster (default: 2)")
    args, extra = parser.parse_known_args()

    audit = shlex.split(args.audit)
    # Paths stay as given (the report names the shards so), resolved from this directory on the workers.
    cwd = os.getcwd()
    data, shards = args.data, args.shards
    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        n = len(shards)
        futures = client.map(scan_shard, [audit] * n, [cwd] * n, [data] * n, shards, [args.train_text_cols] * n, [extra] * n, pure=False)
        for partial, log in client.gather(futures):
            print(partial)
            if log:
                print(log, file=sys.stderr)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    main()
