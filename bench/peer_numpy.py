#!/usr/bin/env python3
"""peer_numpy.py: the Monte Carlo benchmark's peer, MODEL.md in numpy, vectorised across iterations.

    peer_numpy.py PLAN.json DRAWS.bin N OUT.json

DRAWS.bin holds N rows of three doubles (native byte order): the values bench_mc drew for
attendance-gain.points, international-nurses.per_year and retention-programme.reduction, iteration by
iteration. The peer applies the three shipped scenarios' edits to every iteration at once (each schedule
becomes an N x T array), runs the model for all N iterations together (one numpy operation per group per
month instead of N loops), and writes the same summaries as `gapplan mc`: P5, P10, P50, P90, P95 and the
mean of the headline series, monthly and by FY, for every group, the total, finance and backlog of each
unit, with numpy.percentile's default (linear) rule, the rule mc.h documents.

It writes {"seconds": {"model": ..., "summaries": ...}, "series": {"UNIT/BLOCK/SERIES/monthly|annual/STAT":
[...]}} to OUT.json; bench_mc compares every value with its own and prints both times. The plan is read
with the reference model's loader (tests/reference/gapplan_ref.py), so both peers start from the same
expanded schedules; loading is not timed.
"""

import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "reference"))
import gapplan_ref as ref  # noqa: E402

STATS = ("p5", "p10", "p50", "p90", "p95")
PERCENTS = (5, 10, 50, 90, 95)
GROUP_HEADLINE = (("vacancies", "stock"), ("available", "stock"), ("staffing_gap", "stock"), ("agency_cost", "flow"))
RETENTION_RAMP = 12  # retention-programme's default ramp, in months


def apply_scenarios(unit, draws, T):
    """Each group's schedules as N x T arrays with the three scenarios' edits (the plugins' defaults)."""
    n = draws.shape[0]
    points, per_year, reduction = draws[:, 0:1], draws[:, 1:2], draws[:, 2:3]
    w = np.minimum(1.0, (np.arange(T) + 1.0) / RETENTION_RAMP)[None, :]
    out = []
    for g in unit["groups"]:
        absence = np.asarray(g["absence_rate"])[None, :] + (-points / 100.0)
        international = np.broadcast_to(np.asarray(g["international"])[None, :], (n, T))
        if g["id"] == "nurses":
            international = international + per_year
        leavers = np.asarray(g["leaver_rate"])[None, :] * (1.0 + ((1.0 - reduction) - 1.0) * w)
        out.append({"absence_rate": absence, "international": international, "leaver_rate": leavers})
    return out


def run_unit(unit, edited, cal, n):
    """The headline series of one unit, each an N x T array (MODEL.md §3-§6)."""
    T = cal.T
    res = {}
    tot = {name: np.zeros((n, T)) for name, _ in GROUP_HEADLINE}
    wf = np.zeros((n, T))
    cs = np.zeros((n, T))
    for g, e in zip(unit["groups"], edited):
        series = {name: np.empty((n, T)) for name, _ in GROUP_HEADLINE}
        E = np.full(n, g["establishment"])
        C = np.full(n, g["cost_per_fte"])
        S = np.full(n, g["staff_in_post"])
        for t in range(T):
            if cal.april_step(t):
                E = E * (1.0 + g["establishment_growth"][t])
                C = C * (1.0 + g["pay_award"][t])
            V = E - S
            L = S * e["leaver_rate"][:, t] / 12.0
            JF = g["fill_rate"][t] * np.maximum(V, 0.0)
            JN = g["newly_qualified"][t] if cal.cal_month[t] == g["intake_month"] else 0.0
            J = JF + JN + e["international"][:, t] / 12.0 + g["other_joiners"][t] / 12.0
            A = S * (1.0 - e["absence_rate"][:, t])
            G = np.maximum(E * (1.0 - g["budgeted_absence"][t]) - A, 0.0)
            B = G * g["bank_fill"][t]
            AG = G * g["agency_fill"][t]
            agency_cost = AG * C * g["agency_premium"][t] / 12.0
            series["vacancies"][:, t] = V
            series["available"][:, t] = A
            series["staffing_gap"][:, t] = G
            series["agency_cost"][:, t] = agency_cost
            wf[:, t] += S * C / 12.0 + B * C * g["bank_premium"][t] / 12.0 + agency_cost
            if g["clinical"]:
                cs[:, t] += A + B + AG
            S = S + J - L
        for name, _ in GROUP_HEADLINE:
            tot[name] += series[name]
        res[g["id"]] = series
    res["total"] = tot
    if unit["finance"] is not None:
        res["finance"] = run_finance(unit["finance"], wf, cal, n)
    if unit["backlog"] is not None:
        res["backlog"] = run_backlog(unit["backlog"], cs, any(g["clinical"] for g in unit["groups"]), cal, n)
    return res


def run_finance(fin, wf, cal, n):
    T = cal.T
    gap = np.empty((n, T))
    NP = fin["non_pay"] / 12.0
    capital = np.empty((n, T))
    for t in range(T):
        if cal.april_step(t):
            NP = NP * (1.0 + fin["non_pay_inflation"][t])
        PR = sum(line["amounts"][t] / 12.0 for line in fin["pressures"])
        FU = fin["revenue_envelope"][t] / 12.0 + sum(line["amounts"][t] / 12.0 for line in fin["funding"])
        ER = fin["efficiency_required"][t] * (wf[:, t] + NP)
        EA = ER * fin["efficiency_achieved"][t]
        gap[:, t] = wf[:, t] + NP + PR - EA - FU
        CR = sum(line["amounts"][t] / 12.0 for line in fin["capital"]["schemes"])
        capital[:, t] = CR - fin["capital"]["envelope"][t] / 12.0
    return {"revenue_gap": gap, "capital_gap": capital}


def run_backlog(bl, cs, clinical, cal, n):
    T, NB = cal.T, ref.BUCKETS
    weights = np.asarray(bl["weights"])
    buckets = np.tile(bl["waiting_list"] * weights / weights.sum(), (n, 1))
    H = np.full(n, bl["hidden_demand"])
    wl, o12 = np.empty((n, T)), np.empty((n, T))
    cs0 = cs[:, 0]
    for t in range(T):
        HR = H * bl["hidden_return_rate"][t]
        N = bl["referrals"][t] + HR
        if clinical:
            F = np.where(cs0 == 0.0, 1.0, (cs[:, t] / np.where(cs0 == 0.0, 1.0, cs0)) ** bl["workforce_elasticity"])
        else:
            F = np.ones(n)
        K = bl["capacity"][t] * F
        r = bl["renege_rate"][t]
        kept = buckets - buckets * r
        P = N + kept.sum(axis=1)
        X = np.minimum(K, P)
        wl[:, t] = buckets.sum(axis=1)
        o12[:, t] = buckets[:, 12:].sum(axis=1)
        parts = np.concatenate([kept, N[:, None]], axis=1)
        lfs = bl["longest_first_share"][t]
        Xp = X * (1.0 - lfs)
        share = np.where(P != 0.0, Xp / np.where(P != 0.0, P, 1.0), 0.0)
        parts = parts - parts * share[:, None]
        Xl = X - Xp
        for i in list(range(NB - 1, -1, -1)) + [NB]:  # longest first, then the new clock starts
            take = np.minimum(np.maximum(Xl, 0.0), parts[:, i])
            parts[:, i] -= take
            Xl = Xl - take
        parts[X == P] = 0.0
        new = np.empty_like(buckets)
        new[:, 0] = parts[:, NB]
        new[:, 1:NB - 1] = parts[:, 0:NB - 2]
        new[:, NB - 1] = parts[:, NB - 2] + parts[:, NB - 1]
        buckets = new
        H = H - HR
    return {"waiting_list": wl, "over_12m": o12}


def annual(x, kind, cal):
    """FY figures of an N x T array: sums of flows, closing values of stocks."""
    cols = []
    for periods in cal.fy_periods:
        cols.append(x[:, periods].sum(axis=1) if kind == "flow" else x[:, periods[-1]])
    return np.stack(cols, axis=1)


def summarise(out, prefix, x, kind, cal):
    for part, y in (("monthly", x), ("annual", annual(x, kind, cal))):
        pct = np.percentile(y, PERCENTS, axis=0)
        for k, stat in enumerate(STATS):
            out[f"{prefix}/{part}/{stat}"] = pct[k].tolist()
        out[f"{prefix}/{part}/mean"] = y.mean(axis=0).tolist()


def main(argv):
    if len(argv) != 5:
        sys.stderr.write(__doc__)
        return 2
    plan = ref.load_plan(argv[1])
    n = int(argv[3])
    draws = np.fromfile(argv[2], dtype=np.float64).reshape(n, 3)
    cal = plan["cal"]

    started = time.perf_counter()
    results = []
    for unit in plan["units"]:
        edited = apply_scenarios(unit, draws, cal.T)
        results.append(run_unit(unit, edited, cal, n))
    modelled = time.perf_counter()
    series = {}
    kinds = dict(GROUP_HEADLINE, revenue_gap="flow", capital_gap="flow", waiting_list="stock", over_12m="stock")
    for unit, res in zip(plan["units"], results):
        for block, named in res.items():
            if block in ("finance", "backlog"):
                for name, x in named.items():
                    summarise(series, f"{unit['id']}/{block}/{name}", x, kinds[name], cal)
            else:
                for name, x in named.items():
                    summarise(series, f"{unit['id']}/{block}/{name}", x, kinds[name], cal)
    done = time.perf_counter()
    with open(argv[4], "w") as f:
        json.dump({"seconds": {"model": modelled - started, "summaries": done - modelled}, "series": series}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
