#!/usr/bin/env python3
"""Run the hostile-input corpus (tests/bad/README.md): python3 tests/bad/run.py GAPPLAN [CASE...]"""
import concurrent.futures
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ENGLAND = os.path.join(ROOT, "examples", "england-2022.json")
TIME_LIMIT = 120  # seconds a case may take: the budget cases run 200M Lua instructions


def commands(gapplan, kind, path, out):
    if kind == "plan":
        return [[gapplan, "check", path], [gapplan, "run", path, "-o", out]]
    if kind == "plugin":
        return [[gapplan, "run", ENGLAND, "-s", path, "--plugin-memory", "64M", "-o", out]]
    if kind == "template":
        return [[gapplan, "run", ENGLAND, "-o", out[:-len(".json")] + ".xlsx", "--template", path]]
    raise ValueError(f"unknown kind {kind!r}")


def run_case(gapplan, kind, name, status, fragment):
    path = os.path.join(HERE, kind + "s", name)
    problems = []
    with tempfile.TemporaryDirectory(prefix="gp-bad-") as folder:
        out = os.path.join(folder, "out.json")
        for cmd in commands(gapplan, kind, path, out):
            try:
                r = subprocess.run(cmd, capture_output=True, timeout=TIME_LIMIT, cwd=folder,
                                   stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                problems.append(f"{cmd[1]}: still running after {TIME_LIMIT} s")
                continue
            err = r.stderr.decode("utf-8", "replace")
            if r.returncode < 0:
                problems.append(f"{cmd[1]}: killed by signal {-r.returncode}")
            elif r.returncode != status:
                problems.append(f"{cmd[1]}: exit status {r.returncode}, expected {status}")
            if fragment not in err:
                problems.append(f"{cmd[1]}: stderr lacks {fragment!r}; it says:\n    " +
                                "\n    ".join(err.splitlines()[:4]))
            left = os.listdir(folder)
            if left:
                problems.append(f"{cmd[1]}: left {left} in the output folder")
    return name, problems


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    gapplan = os.path.abspath(sys.argv[1])
    only = set(sys.argv[2:])
    cases = []
    with open(os.path.join(HERE, "cases.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 4:
                sys.exit(f"cases.tsv:{n}: expected 4 tab-separated fields, got {len(fields)}")
            kind, name, status, fragment = fields
            if not only or name in only:
                cases.append((kind, name, int(status), fragment))
    listed = {(k, n) for k, n, _, _ in cases}
    for kind in ("plan", "plugin", "template"):
        for name in sorted(os.listdir(os.path.join(HERE, kind + "s"))):
            if not only and (kind, name) not in listed:
                sys.exit(f"tests/bad/{kind}s/{name} has no line in cases.tsv")
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for name, problems in pool.map(lambda c: run_case(gapplan, *c), cases):
            if problems:
                failed += 1
                print(f"FAIL {name}:\n  " + "\n  ".join(problems))
    print(f"{len(cases) - failed} of {len(cases)} hostile inputs handled as expected")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
