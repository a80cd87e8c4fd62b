#!/usr/bin/env python3
"""The live board pack (issue: every computed figure is a formula), checked with a real spreadsheet engine.

Usage: check_live.py GAPPLAN   (run from the source folder; exit 77 when openpyxl or LibreOffice is missing, so
ctest skips; ../shared/tools's xlsx-recalc and xlsx-compare when they are beside the project, else recalc.py)

- The model is formulas: the Monthly, workings, Summary, Workforce, Finance and Backlog figures are formulas
  (only Assumptions holds numbers), and every cached value equals the core's (the JSON of the same run).
- An independent engine agrees: LibreOffice recalculates each pack from scratch and every formula cell matches
  the cached value to 1e-9 relative (../shared/tools/xlsx-compare): the England example with a scenario, an
  England comparison of several scenarios, and generated plans with several units (finance and waiting lists
  on some, lines that share names across units, a non-clinical group), partial FYs and a start other than April.
- What-if: the nurses' leaver rate (times 0.9) and the revenue envelope (plus £1bn) changed in the file with
  openpyxl, LibreOffice recalculating, give the figures of a gapplan run whose plugin makes the same changes.
- --values writes plain numbers; a plan past the live sizes is written as values by default.
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
    print("openpyxl is not installed (Debian: python3-openpyxl): skipping the live pack checks")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.normpath(os.path.join(HERE, "../../../shared/tools"))
GAPPLAN = os.path.abspath(sys.argv[1])
ENGLAND = os.path.abspath("examples/england-2022.json")
MONTHLY_KEYS, ASSUMPTION_KEYS = 5, 6
problems = []

if not shutil.which("soffice"):
    print("LibreOffice is not installed (Debian: libreoffice-calc-nogui): skipping the live pack checks")
    sys.exit(77)
sys.path.insert(0, HERE)
import recalc  # noqa: E402  (our own, for when ../shared/tools is not beside the project)

SHARED = os.path.exists(os.path.join(TOOLS, "xlsx-compare"))


def check(ok, what):
    if not ok:
        problems.append(what)


def close(a, b, rtol=1e-9):
    return a == b or abs(a - b) <= rtol * max(abs(a), abs(b)) or abs(a - b) <= 1e-6


def run(*args):
    r = subprocess.run([GAPPLAN, *args], capture_output=True, text=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    check(r.returncode == 0, f"gapplan {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r


def recalc_agrees(pack, what):
    """LibreOffice recalculates the pack from scratch; every formula must match its cached value."""
    if not SHARED:
        with tempfile.TemporaryDirectory() as folder:
            checked, bad = recalc.compare(pack, recalc.recalculate(pack, folder), rtol=1e-9)
        check(not bad and checked > 0, f"{what}: LibreOffice disagrees on {len(bad)} of {checked} cells: {bad[:5]}")
        print(f"{what}: {checked} formula cells recalculated by LibreOffice, {len(bad)} mismatches (rtol 1e-9)")
        return
    r = subprocess.run([os.path.join(TOOLS, "xlsx-compare"), "--rtol", "1e-9", pack], capture_output=True,
                       text=True, timeout=600)
    summary = ((r.stdout + r.stderr).strip().splitlines() or [""])[-1]
    check(r.returncode == 0, f"{what}: LibreOffice disagrees: {r.stdout[-3000:]} {r.stderr[-1000:]}")
    print(f"{what}: {summary}")


def formula_share(pack):
    """(formulas, numbers) outside Assumptions, and the numbers found on the computed sheets."""
    wb = openpyxl.load_workbook(pack)
    formulas = numbers = 0
    stray = []
    for name in ("Summary", "Workforce", "Finance", "Backlog", "Monthly"):
        ws = wb[name]
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    formulas += 1
                elif isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                    numbers += 1
                    if len(stray) < 5:
                        stray.append(f"{name}!{c.coordinate}={c.value}")
    return formulas, numbers, stray


def monthly_vs_json(pack, doc, what):
    """Every Monthly figure of every unit (cached) equals the run's JSON."""
    ws = openpyxl.load_workbook(pack, data_only=True)["Monthly"]
    units = {u["id"]: u for u in doc["units"]}
    units["all_units"] = doc["all_units"]
    n = 0
    for row in ws.iter_rows(min_row=2, values_only=True):
        unit, block, group, series = row[1], row[2], row[3], row[4]
        u = units.get(unit)
        if u is None:
            continue
        if block == "workforce":
            src = next(g for g in u["groups"] if g["id"] == group)["monthly"].get(series)
        elif block in ("finance", "backlog"):
            src = u[block]["monthly"].get(series)
        else:
            src = next((p["monthly"] for p in u["finance"][block] if p["name"] == series), None)
        if src is None:
            continue
        got = row[MONTHLY_KEYS:MONTHLY_KEYS + len(src)]
        if not all(close(a, b) for a, b in zip(got, src)):
            check(False, f"{what}: Monthly {unit} {block} {group} {series}: cached {got[:3]}... vs JSON {src[:3]}...")
        n += 1
    check(n > 0, f"{what}: no Monthly row compared")
    return n


def generated_plans():
    """Plans the England example does not exercise: several units, partial FYs, a start other than April."""
    def group(gid, est, sip, clinical=True, **extra):
        g = {"id": gid, "establishment": est, "staff_in_post": sip, "leaver_rate": {"2023/24": 0.11, "2024/25": 0.09},
             "absence_rate": {"2023-07": 0.05, "2023-12": 0.07, "2024-03": 0.05}, "cost_per_fte": 41000,
             "fill_rate": 0.04, "newly_qualified": 120, "intake_month": 10, "international": 60, "other_joiners": 24,
             "budgeted_absence": 0.03, "pay_award": {"2023/24": 0.05, "2024/25": 0.03}, "establishment_growth": 0.02,
             "bank_fill": 0.3, "agency_fill": {"2023/24": 0.2, "2024/25": 0.1}, "bank_premium": 1.1,
             "agency_premium": 1.6, "clinical": clinical}
        g.update(extra)
        return g

    finance = {"revenue_envelope": {"2023/24": 6.0e8, "2024/25": 6.3e8}, "non_pay": 1.5e8, "non_pay_inflation": 0.04,
               "efficiency_required": 0.02, "efficiency_achieved": 0.7,
               "pressures": [{"name": "energy", "amounts": 8e6}, {"name": "covid", "amounts": {"2023/24": 5e6,
                                                                                             "2024/25": 0}}],
               "funding": [{"name": "settlement", "amounts": 2e7}],
               "capital": {"envelope": 3e7, "schemes": [{"name": "theatres", "amounts": {"2023/24": 2e7,
                                                                                          "2024/25": 1e7}},
                                                        {"name": "beds", "amounts": 5e6}]}}
    backlog = {"waiting_list": 40000, "referrals": 5200, "capacity": {"2023/24": 5000, "2024/25": 5600},
               "hidden_demand": 6000, "hidden_return_rate": 0.03, "workforce_elasticity": 0.8,
               "longest_first_share": 0.6, "renege_rate": 0.01,
               "wait_profile": [5, 5, 4, 4, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5]}
    three = {"gapplan": 1, "name": "Three trusts, July start", "start": "2023-07", "months": 40, "units": [
        {"id": "north", "groups": [group("nurses", 1200, 1080), group("doctors", 400, 370, cost_per_fte=98000),
                                   group("admin", 300, 310, clinical=False, cost_per_fte=28000)],
         "finance": finance, "backlog": backlog},
        {"id": "south", "groups": [group("nurses", 900, 830), group("hcsw", 500, 470, cost_per_fte=26000)],
         "finance": {"revenue_envelope": 4.0e8, "non_pay": 9e7,
                     "pressures": [{"name": "other", "amounts": 1e6}, {"name": "energy", "amounts": 4e6}]},
         "backlog": {"waiting_list": 25000, "referrals": 3100, "capacity": 3000, "longest_first_share": 0.3}},
        {"id": "community", "groups": [group("admin", 200, 180, clinical=False), group("empty", 0, 0)]},
    ]}
    short = {"gapplan": 1, "name": "Seven months from January", "start": "2022-01", "months": 7, "units": [
        {"id": "trust", "groups": [group("nurses", 500, 450), group("support", 100, 95, clinical=False)],
         "finance": {"revenue_envelope": 1e8, "non_pay": 2e7},
         "backlog": {"waiting_list": 9000, "referrals": 900, "capacity": 1200, "longest_first_share": 1,
                     "renege_rate": 0.02}}]}
    return {"three-trusts": three, "seven-months": short}


def check_generated(folder):
    for name, plan in generated_plans().items():
        path = os.path.join(folder, name + ".json")
        json.dump(plan, open(path, "w"))
        pack, res = os.path.join(folder, name + ".xlsx"), os.path.join(folder, name + "-res.json")
        run("run", path, "-o", pack)
        run("run", path, "-o", res)
        if problems:
            return
        n = monthly_vs_json(pack, json.load(open(res)), name)
        formulas, numbers, stray = formula_share(pack)
        check(numbers == 0, f"{name}: {numbers} computed figures are numbers, not formulas: {stray}")
        print(f"{name}: {n} Monthly rows equal the JSON; {formulas} formulas on the computed sheets")
        recalc_agrees(pack, name)


def assumption_row(ws, unit, group, field):
    for row in ws.iter_rows(min_row=2):
        if row[1].value == unit and (row[3].value or "") == group and row[4].value == field:
            return row
    raise KeyError((unit, group, field))


def check_what_if(folder):
    pack = os.path.join(folder, "england.xlsx")
    run("run", ENGLAND, "-o", pack)
    wb = openpyxl.load_workbook(pack)
    ws = wb["Assumptions"]
    for c in assumption_row(ws, "england", "nurses", "leaver_rate")[ASSUMPTION_KEYS:]:
        if isinstance(c.value, (int, float)):
            c.value = c.value * 0.9
    for c in assumption_row(ws, "england", "", "revenue_envelope")[ASSUMPTION_KEYS:]:
        if isinstance(c.value, (int, float)):
            c.value = c.value + 1e9
    edited = os.path.join(folder, "what-if.xlsx")
    wb.save(edited)
    out = os.path.join(folder, "what-if-recalc")
    if SHARED:
        r = subprocess.run([os.path.join(TOOLS, "xlsx-recalc"), edited, out], capture_output=True, text=True,
                           timeout=600)
        check(r.returncode == 0, f"xlsx-recalc: {r.stdout} {r.stderr}")
        recalculated_path = os.path.join(out, "_recalculated.xlsx")
    else:
        os.makedirs(out)
        recalculated_path = recalc.recalculate(edited, out)
    if problems:
        return
    plugin = os.path.join(folder, "what-if.lua")
    open(plugin, "w").write(
        'return scenario { id = "what-if", title = "The same change as in the workbook", source = "the test",\n'
        '  apply = function(plan)\n'
        '    plan.units.england.groups.nurses.leaver_rate:scale(0.9)\n'
        '    plan.units.england.finance.revenue_envelope:add(1e9)\n'
        '  end }\n')
    res = os.path.join(folder, "what-if.json")
    run("run", ENGLAND, "-s", plugin, "-o", res)
    base = os.path.join(folder, "england.json")
    run("run", ENGLAND, "-o", base)
    doc, before = json.load(open(res)), json.load(open(base))
    recalculated = openpyxl.load_workbook(recalculated_path, data_only=True)
    total = doc["all_units"]["groups"][-1]["annual"]
    old_total = before["all_units"]["groups"][-1]["annual"]
    labels = {r["label"]: r["series"] for r in json.load(open("templates/board-pack.json"))["sheets"][0]["rows"]}
    moved = 0
    for row in recalculated["Summary"].iter_rows(min_row=5, values_only=True):
        series = labels.get(row[0])
        if not series:
            continue
        block = total if series in total else doc["all_units"]["finance"]["annual"] \
            if series in doc["all_units"]["finance"]["annual"] else doc["all_units"]["backlog"]["annual"]
        want = block[series]
        got = row[2:2 + len(want)]
        check(all(close(a, b) for a, b in zip(got, want)), f"what-if Summary {row[0]}: {got} vs gapplan {want}")
        if series in old_total and any(not close(a, b) for a, b in zip(old_total[series], want)):
            moved += 1
    check(moved >= 3, f"what-if: only {moved} workforce measures moved with the leaver rate")
    gap = doc["all_units"]["finance"]["annual"]["revenue_gap"]
    old_gap = before["all_units"]["finance"]["annual"]["revenue_gap"]
    check(gap[0] < old_gap[0] - 0.9e9, f"what-if: the revenue gap did not fall by about £1bn: {old_gap[0]} -> {gap[0]}")
    print(f"what-if: LibreOffice's recalculated Summary equals gapplan's run with the same change "
          f"({moved} workforce measures moved; 2022/23 revenue gap {old_gap[0] / 1e9:.3f}bn -> {gap[0] / 1e9:.3f}bn)")


def check_values(folder):
    pack = os.path.join(folder, "values.xlsx")
    run("run", ENGLAND, "--values", "-o", pack)
    formulas, numbers, _ = formula_share(pack)
    check(formulas == 0 and numbers > 0, f"--values: {formulas} formulas, {numbers} numbers")
    big = {"gapplan": 1, "start": "2022-04", "months": 120, "units": [
        {"id": f"u{i}", "groups": [{"id": f"g{j}", "establishment": 100, "staff_in_post": 90, "leaver_rate": 0.1,
                                    "absence_rate": 0.05, "cost_per_fte": 40000} for j in range(5)]}
        for i in range(101)]}
    path = os.path.join(folder, "big.json")
    json.dump(big, open(path, "w"))
    pack = os.path.join(folder, "big.xlsx")
    run("run", path, "-o", pack)
    wb = openpyxl.load_workbook(pack, read_only=True)
    first = next(wb["Summary"].iter_rows(min_row=5, max_row=5, values_only=True))
    check(isinstance(first[2], (int, float)), f"a 101-unit plan is written as values by default: {first}")
    print(f"--values: {numbers} numbers and no formula; a 101-unit plan is values by default")


def check_systems(folder):
    """A plan with systems is written as values, with a Systems sheet of each member side by side."""
    plan = os.path.abspath("examples/three-trusts-system.json")
    pack, res = os.path.join(folder, "system.xlsx"), os.path.join(folder, "system.json")
    run("run", plan, "-o", pack)
    run("run", plan, "-o", res)
    if problems:
        return
    formulas, numbers, _ = formula_share(pack)
    check(formulas == 0, f"systems: {formulas} formulas in a pack the formulas cannot model")
    doc = json.load(open(res))
    wb = openpyxl.load_workbook(pack, data_only=True)
    check("Systems" in wb.sheetnames, f"systems: no Systems sheet in {wb.sheetnames}")
    rows = list(wb["Systems"].iter_rows(values_only=True))
    units = {u["id"]: u for u in doc["units"]}
    system = doc["systems"][0]
    tables = 0
    for i, row in enumerate(rows):
        if not row or row[1] != system["units"][0]:
            continue
        header = [c for c in row if c is not None]
        members, own = header[1:1 + len(system["units"])], header[-1]
        check(members == system["units"], f"systems: members {members}")
        label = row[0]
        series = {"Waiting list (pathways, closing)": ("backlog", "waiting_list", "waiting_list"),
                  "Patients moved to another trust (mutual aid received)": ("backlog", "moved_out", "moved"),
                  "Patients treated for another trust (mutual aid given)": ("backlog", "aid_given", "moved"),
                  "Put into the pool (£)": ("finance", "pooled_out", "pool"),
                  "Received from the pool (£)": ("finance", "pooled_in", "pool"),
                  "Revenue gap after pooling (£)": ("finance", "revenue_gap", "revenue_gap")}.get(label)
        if not series:
            continue
        block, name, sys_name = series
        for f in range(len(doc["fys"])):
            got = rows[i + 1 + f]
            for j, uid in enumerate(members):
                want = units[uid][block]["annual"][name][f]
                check(close(got[1 + j], want), f"systems: {label} {uid} FY {f}: {got[1 + j]} vs {want}")
            check(close(got[1 + len(members)], system[block]["annual"][sys_name][f]), f"systems: {label} system FY {f}")
        tables += 1
    check(tables == 6, f"systems: {tables} of 6 tables checked")
    r = subprocess.run([GAPPLAN, "run", plan, "--live", "-o", os.path.join(folder, "refused.xlsx")],
                       capture_output=True, text=True)
    check(r.returncode == 2 and "--live cannot show a plan with systems" in r.stderr, f"systems --live: {r.stderr}")
    print(f"systems: values only, and the Systems sheet's {tables} tables equal the JSON; --live refused")


def main():
    with tempfile.TemporaryDirectory() as folder:
        pack = os.path.join(folder, "shortfall.xlsx")
        run("run", ENGLAND, "-s", "ten-billion-shortfall", "-o", pack)
        if not problems:
            recalc_agrees(pack, "England, ten-billion-shortfall")
        cmp = os.path.join(folder, "compare.xlsx")
        run("compare", ENGLAND, "-s", "attendance-gain", "-s", "international-nurses", "-s", "retention-programme",
            "-o", cmp)
        if not problems:
            recalc_agrees(cmp, "England, three scenarios compared")
        check_generated(folder)
        check_what_if(folder)
        check_values(folder)
        check_systems(folder)
    for p in problems[:40]:
        print("FAIL:", p)
    if problems:
        print(f"{len(problems)} problems")
        return 1
    print("live pack: all passed")
    return 0


sys.exit(main())
