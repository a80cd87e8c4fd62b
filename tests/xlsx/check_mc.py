#!/usr/bin/env python3
"""Check the uncertainty workbooks (gapplan mc and sensitivity -o OUT.xlsx) against the JSON of the same runs.

Usage: check_mc.py GAPPLAN   (run from the source folder; exit 77 when openpyxl is missing: ctest skips)

- the same plan, scenarios, iterations and seed give the JSON and the workbook, on 1 and 2 threads;
- Monthly: every percentile and mean of each charted series equals the JSON's all_units figure; each chart band
  is a formula (P10 less P5, ...) whose cached value is that difference;
- Annual: every unit's, block's and series' FY statistics equal the JSON's, row for row, and so do a system's
  (the three-trust system example);
- Fan charts: one chart per charted series, each a stacked area over the Monthly rows;
- Inputs: the uncertain inputs with their distributions and ranges, and the seed;
- sensitivity: the tornado table's rows equal the JSON's, widest swing first, the swing and changes from the
  baseline are formulas with the right cached values, and the chart is a bar chart of the two change columns;
- LibreOffice (where installed) recalculates every band formula to the cached value (../shared/tools/xlsx-compare
  when it is there).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

try:
    import openpyxl
except ImportError:
    print("openpyxl is not installed (Debian: python3-openpyxl): skipping the workbook checks")
    sys.exit(77)

GAPPLAN = os.path.abspath(sys.argv[1])
ENGLAND = os.path.abspath("examples/england-2022.json")
SYSTEM = os.path.abspath("examples/three-trusts-system.json")
SCENARIOS = ["-s", "attendance-gain", "-s", "international-nurses", "-s", "retention-programme"]
STATS = ["p5", "p10", "p50", "p90", "p95", "mean"]
LABELS = ["P5", "P10", "P50 (median)", "P90", "P95", "Mean"]
BANDS = [("p10", "p5"), ("p50", "p10"), ("p90", "p50"), ("p95", "p90")]
problems = []


def check(ok, what):
    if not ok:
        problems.append(what)


def close(a, b):
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def mc(out, threads, plan=ENGLAND):
    r = subprocess.run([GAPPLAN, "mc", plan, *SCENARIOS, "-n", "300", "--seed", "7", "--threads", str(threads),
                        "-o", out], capture_output=True, text=True)
    check(r.returncode == 0, f"mc -o {out}: exit {r.returncode}: {r.stderr}")


def charted(doc):
    """The charted series in the workbook's order: all units' group totals, then finance, then backlog."""
    out = []
    a = doc["all_units"]
    total = next(g for g in a["groups"] if g["id"] == "total")
    for name, v in total["monthly"].items():
        out.append(v)
    for block in ("finance", "backlog"):
        if block in a:
            out.extend(a[block]["monthly"].values())
    return out


def check_monthly(wb, doc):
    ws = wb["Monthly"]
    rows = list(ws.iter_rows(values_only=True))
    months = doc["months"]
    check(list(rows[0][2:2 + len(months)]) == months, f"Monthly: month headings {rows[0][2:6]}...")
    series = charted(doc)
    for i, s in enumerate(series):
        top = 1 + i * 12
        for k, stat in enumerate(STATS):
            row = rows[top + 1 + k]
            check(row[1] == LABELS[k], f"Monthly row {top + 2 + k}: label {row[1]!r}")
            for t, v in enumerate(s[stat]):
                if not close(row[2 + t], v):
                    check(False, f"Monthly row {top + 2 + k} col {3 + t}: {row[2 + t]} vs JSON {v}")
                    break
        for k, (hi, lo) in enumerate(BANDS):
            row = rows[top + 1 + 6 + k]
            for t in range(len(months)):
                if not close(row[2 + t], s[hi][t] - s[lo][t]):
                    check(False, f"Monthly band row {top + 8 + k}: cached {row[2 + t]} vs {s[hi][t] - s[lo][t]}")
                    break
    return len(series)


def check_formulas(path, nseries):
    ws = openpyxl.load_workbook(path)["Monthly"]
    for i in range(nseries):
        top = 1 + i * 12
        for k, (hi, lo) in enumerate(BANDS):
            r = top + 1 + 6 + k + 1  # 1-based row
            cell = ws.cell(row=r, column=3).value
            want = f"=C{top + 2 + STATS.index(hi)}-C{top + 2 + STATS.index(lo)}"
            check(cell == want, f"Monthly!C{r}: formula {cell!r}, expected {want}")


def check_annual(wb, doc):
    ws = wb["Annual"]
    rows = list(ws.iter_rows(values_only=True))
    check(list(rows[0][:4]) == ["Unit", "Block", "Series", "Statistic"], f"Annual headings {rows[0][:4]}")
    check(list(rows[0][4:]) == doc["fys"], f"Annual FYs {rows[0][4:]}")
    expect = []
    for unit in [doc["all_units"], *doc["units"], *doc.get("systems", [])]:
        name = unit.get("name", "All units")
        for g in unit.get("groups", []):
            for sname, v in g["annual"].items():
                expect.append((name, g["name"], sname, v))
        for block, label in (("finance", "Finance"), ("backlog", "Backlog")):
            if block in unit:
                for sname, v in unit[block]["annual"].items():
                    expect.append((name, label, sname, v))
    check(len(rows) - 1 == 6 * len(expect), f"Annual: {len(rows) - 1} rows, expected {6 * len(expect)}")
    r = 1
    for name, block, sname, v in expect:
        for k, stat in enumerate(STATS):
            row = rows[r]
            check(row[0] == name and row[1] == block and row[2] == sname and row[3] == LABELS[k],
                  f"Annual row {r + 1}: {row[:4]} vs {(name, block, sname, LABELS[k])}")
            for f, x in enumerate(v[stat]):
                if not close(row[4 + f], x):
                    check(False, f"Annual row {r + 1} ({name} {block} {sname} {stat}) FY {f}: {row[4 + f]} vs {x}")
                    break
            r += 1
            if r >= len(rows):
                return


def check_charts(path, nseries):
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n))
        check(len(charts) == nseries, f"{len(charts)} charts, expected {nseries}")
        for c in charts:
            xml = z.read(c).decode()
            check("<c:areaChart>" in xml and '<c:grouping val="stacked"/>' in xml, f"{c}: not a stacked area chart")
            check(xml.count("<c:ser>") == 5, f"{c}: {xml.count('<c:ser>')} series, expected the base and 4 bands")
            check("Monthly!$C$" in xml, f"{c}: does not read the Monthly sheet")


def check_inputs(wb, doc):
    ws = wb["Inputs"]
    rows = list(ws.iter_rows(values_only=True))
    drawn = {r[0]: r for r in rows[2:] if r and r[1] in ("scenario param", "plan input (ranges)")}
    for inp in doc["monte_carlo"]["inputs"]:
        row = drawn.get(inp["name"])
        check(row is not None, f"Inputs: {inp['name']} missing")
        if row:
            check(row[2] == inp["dist"] and close(row[3], inp["low"]) and close(row[5], inp["high"]),
                  f"Inputs: {row} vs {inp}")
    seed = [r for r in rows if r and r[0] == "Seed"]
    check(seed and seed[0][1] == "7", f"Inputs: seed {seed}")


def check_tornado(folder):
    js, xl = os.path.join(folder, "t.json"), os.path.join(folder, "t.xlsx")
    for out in (js, xl):
        r = subprocess.run([GAPPLAN, "sensitivity", ENGLAND, *SCENARIOS, "--metric", "england.total.vacancies@2024/25",
                            "-o", out], capture_output=True, text=True)
        check(r.returncode == 0, f"sensitivity -o {out}: exit {r.returncode}: {r.stderr}")
    if problems:
        return
    doc = json.load(open(js))
    ws = openpyxl.load_workbook(xl, data_only=True)["Tornado"]
    check(ws["B2"].value == doc["metric"] and close(ws["B3"].value, doc["baseline"]), "Tornado: metric, baseline")
    widths = []
    for i, inp in enumerate(doc["inputs"]):
        row = [c.value for c in ws[6 + i]]
        want = [inp["name"], inp["low"], inp["high"], inp["at_low"], inp["at_high"], inp["swing"],
                inp["at_low"] - doc["baseline"], inp["at_high"] - doc["baseline"]]
        check(row[0] == want[0] and all(close(a, b) for a, b in zip(row[1:8], want[1:])),
              f"Tornado row {6 + i}: {row[:8]} vs {want}")
        widths.append(row[5])
    check(widths == sorted(widths, reverse=True), f"Tornado: swings not widest first: {widths}")
    formulas = openpyxl.load_workbook(xl)["Tornado"]
    check(formulas["F6"].value == "=ABS(E6-D6)" and formulas["G6"].value == "=D6-$B$3"
          and formulas["H6"].value == "=E6-$B$3", f"Tornado formulas {formulas['F6'].value} {formulas['G6'].value}")
    with zipfile.ZipFile(xl) as z:
        xml = z.read("xl/charts/chart1.xml").decode()
        check("<c:barChart>" in xml and '<c:barDir val="bar"/>' in xml and xml.count("<c:ser>") == 2,
              "Tornado: the chart is not a two-series horizontal bar chart")
    return xl


def recalc(path, folder):
    tool = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/tools/xlsx-compare")
    if not shutil.which("soffice"):
        print("LibreOffice is not installed: the recalculation is not checked")
        return
    if not os.path.exists(tool):  # our own recalculation, the same method (tests/xlsx/recalc.py)
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import recalc
        with tempfile.TemporaryDirectory() as scratch:
            checked, bad = recalc.compare(path, recalc.recalculate(path, scratch), rtol=1e-12, atol=1e-6)
        check(checked > 0 and not bad, f"LibreOffice disagrees on {len(bad)} of {checked} formula cells: {bad[:5]}")
        return
    # A band is a difference of figures up to 1e7 (the waiting list), which LibreOffice carries to 15 significant
    # digits: about 1e-8 of each operand. The absolute tolerance allows for that and nothing more.
    r = subprocess.run([tool, "--rtol", "1e-12", "--atol", "1e-6", path],
                       capture_output=True, text=True, timeout=240)
    check(r.returncode == 0, f"xlsx-compare: exit {r.returncode}: {r.stdout[-2000:]} {r.stderr[-2000:]}")


def main():
    with tempfile.TemporaryDirectory() as folder:
        js, x1, x2 = (os.path.join(folder, n) for n in ("mc.json", "mc1.xlsx", "mc2.xlsx"))
        mc(js, 2)
        mc(x1, 1)
        mc(x2, 2)
        if not problems:
            doc = json.load(open(js))
            for path in (x1, x2):
                wb = openpyxl.load_workbook(path, data_only=True)
                check(wb.sheetnames == ["Fan charts", "Monthly", "Annual", "Inputs"], f"sheets {wb.sheetnames}")
                n = check_monthly(wb, doc)
                check(n == 8, f"{n} charted series on England, expected 8")
                check_annual(wb, doc)
                check_inputs(wb, doc)
                check_formulas(path, n)
                check_charts(path, n)
            recalc(x1, folder)
        sj, sx = os.path.join(folder, "system.json"), os.path.join(folder, "system.xlsx")
        mc(sj, 2, SYSTEM)
        mc(sx, 2, SYSTEM)
        if not problems:
            doc = json.load(open(sj))
            check(len(doc.get("systems", [])) == 1 and doc["systems"][0]["units"] == ["north", "central", "south"]
                  and set(doc["systems"][0]) == {"id", "name", "units", "finance", "backlog"},
                  f"the system example's mc JSON has no system as the run's result has: {doc.get('systems')}")
            check_annual(openpyxl.load_workbook(sx, data_only=True), doc)
        tornado = check_tornado(folder)
        if tornado:
            recalc(tornado, folder)
    for p in problems[:40]:
        print("FAIL:", p)
    if problems:
        print(f"{len(problems)} problems")
        return 1
    print("mc workbook: Monthly, Annual, Inputs and charts agree with the JSON on 1 and 2 threads, and a system's "
          "Annual rows with its JSON; "
          "the sensitivity workbook's tornado agrees with its JSON")
    return 0


sys.exit(main())
