#!/usr/bin/env python3
"""crosscheck.py: compare every number the C model writes with the reference model (gapplan_ref.py).

    crosscheck.py GAPPLAN_BINARY [--generated N] [--seed S] [--keep DIR] PLAN.json...
        runs `GAPPLAN_BINARY run PLAN -o OUT.json` for each plan (and for N generated plans), runs the
        Python model on the same plan, and compares every value of every series, monthly and annual
        (with the `_mean` figures), of every group, total, finance block, pressure and funding line,
        backlog block, all_units block and system block, with MODEL.md §9's tolerance: 1e-9 relative or 1e-3
        absolute. Prints the first mismatches with their place and exits 1 on any mismatch; prints
        "crosscheck: N plans, M values compared, all agree" and exits 0 otherwise.

    crosscheck.py --generate N SEED OUTDIR
        writes N random but valid plans to OUTDIR (gen-000.json, ...), for a look or a manual run.

Two independently written implementations that agree on random plans exercising the edge rules
(partial FYs, starts other than April, keys before and after the horizon, zero establishment, units
without clinical groups or without finance or backlog, the X == P exact zeros, systems of units sharing
a waiting list and pooling funding, docs/methodology.md §15) are good evidence that both follow MODEL.md;
when they disagree, the report names the place to look.
"""

import json
import math
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gapplan_ref as ref  # noqa: E402

REL_TOL = 1e-9     # MODEL.md §9
ABS_TOL = 1e-3     # a thousandth of a pound or FTE
MAX_SHOWN = 20     # mismatches printed in full
DEFAULT_SEED = 20220401


# ---------------------------------------------------------------------------------------------
# Comparison

class Comparison:
    def __init__(self):
        self.values = 0
        self.mismatches = []   # (plan, place, c, py, note)
        self.notes = []

    def fail(self, plan, place, c, py, note=""):
        self.mismatches.append((plan, place, c, py, note))

    def number(self, plan, place, c, py):
        self.values += 1
        if not isinstance(c, (int, float)) or isinstance(c, bool):
            self.fail(plan, place, c, py, "not a number in the C result")
            return
        c = float(c)
        if c == py:
            return
        diff = abs(c - py)
        if diff <= ABS_TOL or diff <= REL_TOL * max(abs(c), abs(py)):
            return
        self.fail(plan, place, c, py, f"diff {diff:.6g}")

    def series(self, plan, place, c, py, labels):
        if not isinstance(c, list):
            self.fail(plan, place, "missing" if c is None else type(c).__name__, f"{len(py)} values",
                      "series missing or not an array")
            return
        if len(c) != len(py):
            self.fail(plan, place, f"{len(c)} values", f"{len(py)} values", "length differs")
            return
        for i, (a, b) in enumerate(zip(c, py)):
            self.number(plan, f"{place}[{i}] ({labels[i]})", a, b)

    def block(self, plan, place, c, py, months, fys):
        if not isinstance(c, dict):
            self.fail(plan, place, "missing", "present", "block missing in the C result")
            return
        for part, labels in (("monthly", months), ("annual", fys)):
            cp = c.get(part)
            if not isinstance(cp, dict):
                self.fail(plan, f"{place}.{part}", "missing", "present", "")
                continue
            for name, values in py[part].items():
                self.series(plan, f"{place}.{part}.{name}", cp.get(name), values, labels)
            extra = [n for n in cp if n not in py[part]]
            if extra:
                self.notes.append(f"{plan}: {place}.{part}: extra series in the C result (allowed): "
                                  + ", ".join(extra))

    def lines(self, plan, place, c, py, months, fys):
        if not isinstance(c, list) or len(c) != len(py):
            self.fail(plan, place, f"{len(c) if isinstance(c, list) else 'no'} lines", f"{len(py)} lines",
                      "line count differs")
            return
        for i, (a, b) in enumerate(zip(c, py)):
            where = f"{place}[{i}]({b['name']})"
            if not isinstance(a, dict) or a.get("name") != b["name"]:
                self.fail(plan, where, a.get("name") if isinstance(a, dict) else a, b["name"], "line name differs")
                continue
            self.series(plan, f"{where}.monthly", a.get("monthly"), b["monthly"], months)
            self.series(plan, f"{where}.annual", a.get("annual"), b["annual"], fys)

    def unit(self, plan, place, c, py, months, fys):
        cg = c.get("groups") if isinstance(c, dict) else None
        if not isinstance(cg, list) or len(cg) != len(py["groups"]):
            self.fail(plan, f"{place}.groups", f"{len(cg) if isinstance(cg, list) else 'no'} groups",
                      f"{len(py['groups'])} groups", "group count differs")
            return
        for i, (a, b) in enumerate(zip(cg, py["groups"])):
            where = f"{place}.groups[{i}]({b['id']})"
            if not isinstance(a, dict) or a.get("id") != b["id"]:
                self.fail(plan, where, a.get("id") if isinstance(a, dict) else a, b["id"], "group id differs")
                continue
            self.block(plan, where, a, b, months, fys)
        for key in ("finance", "backlog"):
            if (key in py) != (key in c):
                self.fail(plan, f"{place}.{key}", "present" if key in c else "absent",
                          "present" if key in py else "absent", "block presence differs")
            elif key in py:
                self.block(plan, f"{place}.{key}", c[key], py[key], months, fys)
                if key == "finance":
                    for lk in ("pressures", "funding"):
                        self.lines(plan, f"{place}.finance.{lk}", c[key].get(lk), py[key][lk], months, fys)

    def result(self, plan, c, py):
        for key in ("months", "fys", "partial_fys"):
            if c.get(key) != py[key]:
                self.fail(plan, key, c.get(key), py[key], "calendar differs")
                return
        months, fys = py["months"], py["fys"]
        cu = c.get("units")
        if not isinstance(cu, list) or len(cu) != len(py["units"]):
            self.fail(plan, "units", "?", len(py["units"]), "unit count differs")
            return
        for i, (a, b) in enumerate(zip(cu, py["units"])):
            where = f"units[{i}]({b['id']})"
            if not isinstance(a, dict) or a.get("id") != b["id"]:
                self.fail(plan, where, a.get("id") if isinstance(a, dict) else a, b["id"], "unit id differs")
                continue
            self.unit(plan, where, a, b, months, fys)
        ca = c.get("all_units")
        if not isinstance(ca, dict):
            self.fail(plan, "all_units", "missing", "present", "")
            return
        self.unit(plan, "all_units", ca, py["all_units"], months, fys)
        self.systems(plan, c.get("systems"), py.get("systems"), months, fys)

    def systems(self, plan, c, py, months, fys):
        if (c is None) != (py is None):
            self.fail(plan, "systems", "absent" if c is None else "present", "absent" if py is None else "present",
                      "systems presence differs")
            return
        if py is None:
            return
        if not isinstance(c, list) or len(c) != len(py):
            self.fail(plan, "systems", "?", len(py), "system count differs")
            return
        for i, (a, b) in enumerate(zip(c, py)):
            where = f"systems[{i}]({b['id']})"
            if not isinstance(a, dict) or a.get("id") != b["id"] or a.get("units") != b["units"]:
                self.fail(plan, where, a.get("units") if isinstance(a, dict) else a, b["units"],
                          "system id or members differ")
                continue
            for key in ("finance", "backlog"):
                if (key in py[i]) != (key in a):
                    self.fail(plan, f"{where}.{key}", "present" if key in a else "absent",
                              "present" if key in b else "absent", "block presence differs")
                elif key in b:
                    self.block(plan, f"{where}.{key}", a[key], b[key], months, fys)


def run_c(binary, plan_path, out_path):
    p = subprocess.run([binary, "run", plan_path, "-o", out_path], capture_output=True, text=True)
    if p.returncode != 0:
        return None, f"exit {p.returncode}" + (f": {p.stderr.strip()}" if p.stderr.strip() else "")
    with open(out_path) as f:
        return json.load(f), None


# ---------------------------------------------------------------------------------------------
# Random valid plans

GROUP_IDS = ["nurses", "doctors", "ahp", "hcsw", "admin", "estates", "g-7", "x_1"]
LINE_NAMES = ["COVID-19 costs", "Backlog recovery", "Settlement", "Winter", "Clawback", "Pay award"]


def _fy_label(year):
    return ref.fy_label(year)


def _schedule(rng, cal_start, months, lo, hi, per_year=False):
    """A number or an FY- or month-keyed schedule, keys possibly before or after the horizon."""
    def val():
        if rng.random() < 0.1:
            return lo if lo > -math.inf else 0.0
        v = rng.uniform(lo, hi)
        return round(v, rng.choice([2, 4, 6])) if not per_year else round(v, rng.choice([0, 1, 3]))
    kind = rng.random()
    if kind < 0.4:
        return val()
    first_year = ref.fy_start_year(cal_start)
    last_idx = cal_start + months - 1
    if kind < 0.7:
        years = sorted(rng.sample(range(first_year - 2, ref.fy_start_year(last_idx) + 3), rng.randint(1, 4)))
        keys = [_fy_label(y) for y in years if 1900 <= y <= 2198]
        if not keys:
            return val()
        sched = {k: val() for k in keys}
    else:
        idxs = sorted(rng.sample(range(cal_start - 14, last_idx + 6), rng.randint(1, 5)))
        sched = {ref.month_label(i): val() for i in idxs}
    items = list(sched.items())
    rng.shuffle(items)  # keys apply in time order whatever their order in the file
    return dict(items)


def _group(rng, gid, cal_start, months, clinical):
    S = lambda lo, hi, py=False: _schedule(rng, cal_start, months, lo, hi, py)  # noqa: E731
    zero = rng.random() < 0.12
    est = 0.0 if zero else round(rng.uniform(10, 5000), rng.choice([0, 2]))
    sip = 0.0 if (zero and rng.random() < 0.6) else round(est * rng.uniform(0.7, 1.15) + rng.uniform(0, 20), 2)
    g = {"id": gid, "establishment": est, "staff_in_post": sip, "leaver_rate": S(0.0, 0.3),
         "absence_rate": S(0.0, 0.12), "cost_per_fte": round(rng.uniform(20000, 120000), 0)}
    optional = {
        "name": lambda: f"Group {gid}",
        "establishment_growth": lambda: S(-0.1, 0.1),
        "fill_rate": lambda: S(0.0, 0.2),
        "newly_qualified": lambda: S(0.0, 400.0, True),
        "intake_month": lambda: rng.randint(1, 12),
        "international": lambda: S(0.0, 200.0, True),
        "other_joiners": lambda: S(0.0, 100.0, True),
        "budgeted_absence": lambda: S(0.0, 0.08),
        "pay_award": lambda: S(-0.05, 0.08),
        "bank_fill": lambda: S(0.0, 0.6),
        "agency_fill": lambda: S(0.0, 0.4),
        "bank_premium": lambda: S(0.8, 1.5),
        "agency_premium": lambda: S(1.0, 3.0),
    }
    for k, f in optional.items():
        if rng.random() < 0.75:
            g[k] = f()
    if clinical is not None:
        g["clinical"] = clinical
    return g


def _lines(rng, cal_start, months, lo, hi):
    names = rng.sample(LINE_NAMES, rng.randint(0, 3))
    return [{"name": n, "amounts": _schedule(rng, cal_start, months, lo, hi, True)} for n in names]


def _system(rng, sid, units, start, months):
    """A system of `units` (docs/methodology.md §15), its blocks each present or not."""
    system = {"id": sid, "units": [u["id"] for u in units]}
    if rng.random() < 0.5:
        system["name"] = f"System {sid}"
    if rng.random() < 0.8:
        system["shared_waiting_list"] = {"travel_share": _schedule(rng, start, months, 0.0, 0.3)}
    names = sorted({line["name"] for u in units for line in u.get("finance", {}).get("funding", [])})
    if names and rng.random() < 0.8:
        pooled = {"lines": rng.sample(names, rng.randint(1, len(names))),
                  "share": _schedule(rng, start, months, 0.0, 1.0)}
        if rng.random() < 0.7:
            pooled["rule"] = rng.choice(["gap", "waiting_list"])
        system["pooled_funding"] = pooled
    return system


def _systems(rng, plan, start, months):
    """Half the plans of two or more units plan some of them together; a few have a second system."""
    units = plan["units"]
    if len(units) < 2 or rng.random() < 0.5:
        return
    members = rng.sample(units, rng.randint(2, len(units)))
    plan["systems"] = [_system(rng, "icb-a", members, start, months)]
    rest = [u for u in units if u not in members]
    if len(rest) >= 2 and rng.random() < 0.5:
        plan["systems"].append(_system(rng, "icb-b", rest, start, months))


def generate_plan(rng, index):
    year = rng.randint(2015, 2030)
    month = rng.randint(1, 12)
    start = year * 12 + month - 1
    months = rng.choice([1, 2, 11, 12, 13, 24, 25, 36, 47, 60, 61, 120])
    plan = {"gapplan": 1, "name": f"generated plan {index}", "start": ref.month_label(start), "months": months,
            "units": []}
    for u in range(rng.randint(1, 4)):
        ids = rng.sample(GROUP_IDS, rng.randint(1, 5))
        no_clinical = rng.random() < 0.2
        groups = []
        for gid in ids:
            clinical = False if no_clinical else rng.choice([None, True, True, False])
            groups.append(_group(rng, gid, start, months, clinical))
        unit = {"id": f"unit-{u}", "groups": groups}
        if rng.random() < 0.5:
            unit["name"] = f"Unit {u}"
        if rng.random() < 0.75:
            wf = sum(g["staff_in_post"] * g["cost_per_fte"] for g in groups)
            fin = {"revenue_envelope": _schedule(rng, start, months, 0.0, 2.0 * wf + 1e6, True)}
            if rng.random() < 0.8:
                fin["non_pay"] = round(rng.uniform(0, wf), 0)
            for k, lo, hi in (("non_pay_inflation", -0.05, 0.1), ("efficiency_required", 0.0, 0.05),
                              ("efficiency_achieved", 0.0, 1.0)):
                if rng.random() < 0.7:
                    fin[k] = _schedule(rng, start, months, lo, hi)
            if rng.random() < 0.8:
                fin["pressures"] = _lines(rng, start, months, -1e6, 5e6)
            if rng.random() < 0.8:
                fin["funding"] = _lines(rng, start, months, -1e6, 5e6)
            if rng.random() < 0.6:
                cap = {}
                if rng.random() < 0.8:
                    cap["envelope"] = _schedule(rng, start, months, 0.0, 5e6, True)
                if rng.random() < 0.8:
                    cap["schemes"] = _lines(rng, start, months, 0.0, 4e6)
                fin["capital"] = cap
            unit["finance"] = fin
        if rng.random() < 0.75:
            wl = round(rng.uniform(0, 50000), 1) if rng.random() < 0.9 else 0.0
            bl = {"waiting_list": wl, "referrals": _schedule(rng, start, months, 0.0, 8000.0),
                  "capacity": _schedule(rng, start, months, 0.0, 9000.0)}
            r = rng.random()
            if r < 0.1:
                bl["capacity"] = 1e9   # every pathway treated: the X == P exact zeros
            elif r < 0.15:
                bl["capacity"] = 0
            if rng.random() < 0.6:
                n = rng.randint(1, 25)
                wp = [round(rng.uniform(0, 10), 3) if rng.random() < 0.8 else 0 for _ in range(n)]
                if sum(wp) <= 0:
                    wp[0] = 1.0
                bl["wait_profile"] = wp
            if rng.random() < 0.6:
                bl["hidden_demand"] = round(rng.uniform(0, 40000), 0)
                bl["hidden_return_rate"] = _schedule(rng, start, months, 0.0, 0.1)
            if rng.random() < 0.6:
                bl["workforce_elasticity"] = rng.choice([0, 0.5, 1, 1.7, 3])
            if rng.random() < 0.7:
                bl["longest_first_share"] = _schedule(rng, start, months, 0.0, 1.0)
            if rng.random() < 0.7:
                bl["renege_rate"] = _schedule(rng, start, months, 0.0, 0.05)
            unit["backlog"] = bl
        plan["units"].append(unit)
    _systems(rng, plan, start, months)
    # Keep only plans the reference accepts (bank + agency over 1 in some month is the one rule the
    # generator can break by chance); regenerate otherwise.
    try:
        ref.load_plan_data(json.loads(json.dumps(plan)))
    except ref.PlanError:
        return None
    return plan


def generate(n, seed, outdir):
    rng = random.Random(seed)
    os.makedirs(outdir, exist_ok=True)
    paths = []
    i = 0
    while len(paths) < n:
        plan = generate_plan(rng, i)
        i += 1
        if plan is None:
            continue
        path = os.path.join(outdir, f"gen-{len(paths):03d}.json")
        with open(path, "w") as f:
            json.dump(plan, f, indent=1)
            f.write("\n")
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------------------------

def usage(msg):
    print(f"crosscheck: {msg}\nusage: crosscheck.py GAPPLAN_BINARY [--generated N] [--seed S] [--keep DIR] PLAN.json...\n"
          "       crosscheck.py --generate N SEED OUTDIR", file=sys.stderr)
    return 2


def main(argv):
    if argv and argv[0] == "--generate":
        if len(argv) != 4:
            return usage("--generate takes N SEED OUTDIR")
        paths = generate(int(argv[1]), int(argv[2]), argv[3])
        print(f"crosscheck: wrote {len(paths)} plans to {argv[3]}")
        return 0
    if not argv:
        return usage("no GAPPLAN_BINARY")
    binary, rest = argv[0], argv[1:]
    plans, ngen, seed, keep = [], 0, DEFAULT_SEED, None
    i = 0
    while i < len(rest):
        a = rest[i]
        if a in ("--generated", "--seed", "--keep"):
            if i + 1 >= len(rest):
                return usage(f"{a} needs a value")
            if a == "--generated":
                ngen = int(rest[i + 1])
            elif a == "--seed":
                seed = int(rest[i + 1])
            else:
                keep = rest[i + 1]
            i += 2
            continue
        plans.append(a)
        i += 1
    if not plans and ngen == 0:
        return usage("no plans to check")

    cmp = Comparison()
    failed_runs = 0
    with tempfile.TemporaryDirectory(prefix="gapplan-crosscheck-") as tmp:
        gen_dir = keep or os.path.join(tmp, "generated")
        if ngen:
            plans = plans + generate(ngen, seed, gen_dir)
        for k, path in enumerate(plans):
            out = os.path.join(tmp, f"c-{k}.json")
            c, err = run_c(binary, path, out)
            if err:
                cmp.fail(path, "gapplan run", err, "a result", "the C command failed")
                failed_runs += 1
                continue
            try:
                py = ref.run(ref.load_plan(path))
            except (ref.PlanError, ArithmeticError) as e:
                cmp.fail(path, "reference", "a result", str(e), "the reference refused the plan")
                continue
            cmp.result(path, c, py)

        for note in sorted(set(cmp.notes))[:5]:
            print(f"note: {note}")
        if cmp.mismatches:
            for plan, place, c, py, note in cmp.mismatches[:MAX_SHOWN]:
                if place == "gapplan run":
                    print(f"FAILED {plan}: gapplan run: {c}")
                elif place == "reference":
                    print(f"FAILED {plan}: the reference model refused the plan: {py}")
                else:
                    print(f"MISMATCH {plan}: {place}: C {c!r} vs reference {py!r}" + (f" ({note})" if note else ""))
            if len(cmp.mismatches) > MAX_SHOWN:
                print(f"... and {len(cmp.mismatches) - MAX_SHOWN} more")
            if ngen and not keep:
                print(f"(rerun with --keep DIR to keep the generated plans; seed {seed})")
            print(f"crosscheck: {len(plans)} plans, {cmp.values} values compared, "
                  f"{len(cmp.mismatches)} mismatches")
            return 1
    print(f"crosscheck: {len(plans)} plans, {cmp.values} values compared, all agree")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
