#!/usr/bin/env python3
"""gapplan_ref.py: an independent reference implementation of MODEL.md (gapplan model, version 1).

Written from MODEL.md alone, in plain Python 3 with the standard library only, so that the C model
can be checked against a second, separately written reading of the same equations (crosscheck.py).
It loads a plan file (MODEL.md §2, §9), runs the workforce (§3), revenue (§4), capital (§5) and
waiting-list (§6) equations, and builds the result structure of DESIGN.md "Result file" with the
aggregation of §7 and the edge rules of §9. Systems of units (docs/methodology.md §15: a shared waiting
list and pooled funding) are written from that section: each month every unit's own figures, then each
system's pooling and its shared list, then the lists age.

Usage as a program:  gapplan_ref.py PLAN.json [-o OUT.json]
Usage as a module:   plan = load_plan(path); result = run(plan)

Sums are taken in input order starting from 0.0 (groups in file order, units in file order, periods
in time order), as MODEL.md §9 asks, so most figures agree with the C model to the last bit.
Validation is deliberately thorough enough to refuse a plan the C loader would refuse, but its
messages are not meant to match the C loader's wording.
"""

import json
import math
import sys

# ---------------------------------------------------------------------------------------------
# Limits and tables (MODEL.md §1, §3-§7, §9)

MAX_MONTHS = 600          # §1: a plan runs for 1..600 months
BUCKETS = 25              # §6: waiting-time buckets 0..24
DEFAULT_DECAY = 0.85      # §6: default wait profile weights 0.85^b

SHARE = (0.0, 1.0)
GROWTH = (-0.5, 1.0)
NONNEG = (0.0, math.inf)
ELASTICITY = (0.0, 10.0)

# name: (schedule?, required?, default, range)
GROUP_FIELDS = {
    "establishment": (False, True, None, NONNEG),
    "establishment_growth": (True, False, 0.0, GROWTH),
    "staff_in_post": (False, True, None, NONNEG),
    "leaver_rate": (True, True, None, SHARE),
    "fill_rate": (True, False, 0.0, SHARE),
    "newly_qualified": (True, False, 0.0, NONNEG),
    "international": (True, False, 0.0, NONNEG),
    "other_joiners": (True, False, 0.0, NONNEG),
    "absence_rate": (True, True, None, SHARE),
    "budgeted_absence": (True, False, 0.0, SHARE),
    "cost_per_fte": (False, True, None, NONNEG),
    "pay_award": (True, False, 0.0, GROWTH),
    "bank_fill": (True, False, 0.0, SHARE),
    "agency_fill": (True, False, 0.0, SHARE),
    "bank_premium": (True, False, 1.0, NONNEG),
    "agency_premium": (True, False, 1.0, NONNEG),
}
FINANCE_FIELDS = {
    "revenue_envelope": (True, True, None, NONNEG),
    "non_pay": (False, False, 0.0, NONNEG),
    "non_pay_inflation": (True, False, 0.0, GROWTH),
    "efficiency_required": (True, False, 0.0, SHARE),
    "efficiency_achieved": (True, False, 1.0, SHARE),
}
CAPITAL_FIELDS = {
    "envelope": (True, False, 0.0, NONNEG),
}
BACKLOG_FIELDS = {
    "waiting_list": (False, True, None, NONNEG),
    "referrals": (True, True, None, NONNEG),
    "capacity": (True, True, None, NONNEG),
    "hidden_demand": (False, False, 0.0, NONNEG),
    "hidden_return_rate": (True, False, 0.0, SHARE),
    "workforce_elasticity": (False, False, 1.0, ELASTICITY),
    "longest_first_share": (True, False, 0.5, SHARE),
    "renege_rate": (True, False, 0.0, SHARE),
}

FLOW, STOCK = "flow", "stock"

# §7 result names in result order, with their FY aggregation.
GROUP_SERIES = [
    ("establishment", STOCK), ("staff_in_post", STOCK), ("vacancies", STOCK), ("vacancy_rate", STOCK),
    ("leavers", FLOW), ("joiners", FLOW), ("joiners_fill", FLOW), ("newly_qualified", FLOW),
    ("international", FLOW), ("other_joiners", FLOW), ("absence_rate", STOCK), ("available", STOCK),
    ("required", STOCK), ("staffing_gap", STOCK), ("bank", STOCK), ("agency", STOCK),
    ("unfilled", STOCK), ("cost_per_fte", STOCK), ("pay_cost", FLOW), ("bank_cost", FLOW),
    ("agency_cost", FLOW),
]
# Group series that a total recomputes from summed parts rather than summing.
GROUP_RATES = ("vacancy_rate", "absence_rate", "cost_per_fte")

FINANCE_SERIES = [
    ("workforce_cost", FLOW), ("non_pay", FLOW), ("pressures", FLOW), ("funding", FLOW),
    ("efficiency_required", FLOW), ("efficiency_achieved", FLOW), ("efficiency_shortfall", FLOW),
    ("cost", FLOW), ("revenue_gap", FLOW), ("capital_envelope", FLOW),
    ("capital_requirement", FLOW), ("capital_gap", FLOW),
]
BACKLOG_SERIES = [
    ("waiting_list", STOCK), ("over_12m", STOCK), ("over_15m", STOCK), ("over_18m", STOCK),
    ("over_24m", STOCK), ("within_4m", STOCK), ("within_4m_share", STOCK), ("clock_starts", FLOW),
    ("hidden_referred", FLOW), ("hidden_remaining", STOCK), ("effective_capacity", FLOW),
    ("clock_stops", FLOW), ("reneges", FLOW), ("workforce_factor", STOCK),
]
# docs/methodology.md §15: the transfers of a unit in a system, and a system's own totals of them.
SYSTEM_FINANCE_SERIES = [("pooled_out", FLOW), ("pooled_in", FLOW)]
SYSTEM_BACKLOG_SERIES = [("moved_out", FLOW), ("aid_given", FLOW)]


class PlanError(Exception):
    """An input error: the message names the JSON path at fault."""


# ---------------------------------------------------------------------------------------------
# Calendar (MODEL.md §1, §9)

def parse_month(label, where):
    """'YYYY-MM' -> absolute month index year*12 + (month-1)."""
    ok = (isinstance(label, str) and len(label) == 7 and label[4] == "-"
          and label[:4].isdigit() and label[5:].isdigit())
    if ok:
        y, m = int(label[:4]), int(label[5:])
        ok = 1900 <= y <= 2199 and 1 <= m <= 12
    if not ok:
        raise PlanError(f"{where}: not a month label YYYY-MM: {label!r}")
    return y * 12 + (m - 1)


def parse_fy(label, where):
    """'YYYY/YY' -> absolute month index of the FY's April."""
    ok = (isinstance(label, str) and len(label) == 7 and label[4] == "/"
          and label[:4].isdigit() and label[5:].isdigit())
    if ok:
        y = int(label[:4])
        ok = 1900 <= y <= 2199 and int(label[5:]) == (y + 1) % 100
    if not ok:
        raise PlanError(f"{where}: not an FY label YYYY/YY: {label!r}")
    return y * 12 + 3


def month_label(idx):
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


def fy_start_year(idx):
    """Calendar year in which the FY holding month idx starts (April to March)."""
    y, m = idx // 12, idx % 12 + 1
    return y if m >= 4 else y - 1


def fy_label(year):
    return f"{year:04d}/{(year + 1) % 100:02d}"


class Calendar:
    def __init__(self, start, months):
        self.start = start
        self.T = months
        self.labels = [month_label(start + t) for t in range(months)]
        self.cal_month = [(start + t) % 12 + 1 for t in range(months)]
        # FYs in the horizon, each with its periods.
        self.fys = []       # labels
        self.fy_periods = []  # lists of t
        for t in range(months):
            y = fy_start_year(start + t)
            lab = fy_label(y)
            if not self.fys or self.fys[-1] != lab:
                self.fys.append(lab)
                self.fy_periods.append([])
            self.fy_periods[-1].append(t)
        self.partial_fys = [lab for lab, ps in zip(self.fys, self.fy_periods) if len(ps) < 12]

    def april_step(self, t):
        return t > 0 and self.cal_month[t] == 4


# ---------------------------------------------------------------------------------------------
# JSON reading with the strictness of MODEL.md §9

def _no_constant(name):
    raise PlanError(f"{name} is not a number JSON allows")


def _pairs(pairs):
    seen = {}
    for k, v in pairs:
        if k in seen:
            raise PlanError(f"duplicate key {k!r}")
        seen[k] = v
    return seen


def read_json(path):
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8")
    return json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constant)


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _check_number(v, rng, where):
    if not _is_number(v):
        raise PlanError(f"{where}: must be a number, got {type(v).__name__}")
    v = float(v)
    if not math.isfinite(v):
        raise PlanError(f"{where}: must be finite")
    lo, hi = rng
    if v < lo or v > hi:
        raise PlanError(f"{where}: must be within [{lo}, {hi}], got {v}")
    return v


def expand_schedule(value, cal, rng, where):
    """MODEL.md §2: a number, or an FY-keyed or month-keyed step function, to one value a period."""
    if not isinstance(value, dict):
        v = _check_number(value, rng, where)
        return [v] * cal.T
    if not value:
        raise PlanError(f"{where}: an empty schedule object")
    kinds = set()
    keys = []
    for k, v in value.items():
        if len(k) == 7 and k[4] == "/":
            kinds.add("fy")
            idx = parse_fy(k, f"{where}.{k}")
        else:
            kinds.add("month")
            idx = parse_month(k, f"{where}.{k}")
        keys.append((idx, _check_number(v, rng, f"{where}.{k}")))
    if len(kinds) > 1:
        raise PlanError(f"{where}: mixes FY and month keys")
    keys.sort(key=lambda kv: kv[0])
    if len(set(i for i, _ in keys)) != len(keys):
        raise PlanError(f"{where}: two keys for the same period")
    out = []
    k = 0
    current = keys[0][1]  # periods before the first key take the first key's value
    for t in range(cal.T):
        m = cal.start + t
        while k < len(keys) and keys[k][0] <= m:
            current = keys[k][1]
            k += 1
        out.append(current)
    return out


def _check_keys(obj, allowed, where):
    if not isinstance(obj, dict):
        raise PlanError(f"{where}: must be an object")
    for k in obj:
        if k not in allowed:
            raise PlanError(f"{where}.{k}: unknown key")


def _check_id(v, where):
    if not isinstance(v, str) or not v or any(c not in "abcdefghijklmnopqrstuvwxyz0123456789_-" for c in v):
        raise PlanError(f"{where}: an id must match [a-z0-9_-]+, got {v!r}")
    return v


def _opt_string(obj, key, where):
    v = obj.get(key)
    if v is not None and not isinstance(v, str):
        raise PlanError(f"{where}.{key}: must be a string")
    return v


def _integer(v, lo, hi, where):
    if not _is_number(v) or float(v) != math.floor(float(v)) or not (lo <= v <= hi):
        raise PlanError(f"{where}: must be an integer within [{lo}, {hi}], got {v!r}")
    return int(v)


def _fields(obj, table, cal, where):
    out = {}
    for name, (is_sched, required, default, rng) in table.items():
        if name in obj:
            if is_sched:
                out[name] = expand_schedule(obj[name], cal, rng, f"{where}.{name}")
            else:
                out[name] = _check_number(obj[name], rng, f"{where}.{name}")
        elif required:
            raise PlanError(f"{where}: missing required field {name!r}")
        else:
            out[name] = [default] * cal.T if is_sched else default
    return out


def _lines(arr, cal, rng, where):
    if arr is None:
        return []
    if not isinstance(arr, list):
        raise PlanError(f"{where}: must be an array")
    out, names = [], set()
    for i, item in enumerate(arr):
        w = f"{where}[{i}]"
        _check_keys(item, ("name", "amounts"), w)
        name = item.get("name")
        if not isinstance(name, str):
            raise PlanError(f"{w}.name: must be a string")
        if name in names:
            raise PlanError(f"{w}.name: duplicate name {name!r}")
        names.add(name)
        if "amounts" not in item:
            raise PlanError(f"{w}: missing required field 'amounts'")
        out.append({"name": name, "amounts": expand_schedule(item["amounts"], cal, rng, f"{w}.amounts")})
    return out


MONEY_ANY = (-math.inf, math.inf)


def load_plan_data(doc):
    """A parsed plan document -> the loaded plan (every schedule expanded by month)."""
    _check_keys(doc, ("gapplan", "name", "description", "start", "months", "units", "systems"), "plan")
    if "gapplan" not in doc:
        raise PlanError("plan: missing required field 'gapplan'")
    if _integer(doc["gapplan"], 1, 1, "gapplan") != 1:
        raise PlanError("gapplan: must be 1")
    for k in ("start", "months", "units"):
        if k not in doc:
            raise PlanError(f"plan: missing required field {k!r}")
    start = parse_month(doc["start"], "start")
    months = _integer(doc["months"], 1, MAX_MONTHS, "months")
    cal = Calendar(start, months)
    units_in = doc["units"]
    if not isinstance(units_in, list) or not units_in:
        raise PlanError("units: must be a non-empty array")
    plan = {"name": _opt_string(doc, "name", "plan"), "cal": cal, "units": []}
    unit_ids = set()
    for ui, u in enumerate(units_in):
        uw = f"units[{ui}]"
        _check_keys(u, ("id", "name", "description", "groups", "finance", "backlog"), uw)
        uid = _check_id(u.get("id"), f"{uw}.id")
        if uid in unit_ids:
            raise PlanError(f"{uw}.id: duplicate id {uid!r}")
        unit_ids.add(uid)
        groups_in = u.get("groups")
        if not isinstance(groups_in, list) or not groups_in:
            raise PlanError(f"{uw}.groups: must be a non-empty array")
        unit = {"id": uid, "name": _opt_string(u, "name", uw), "groups": [], "finance": None, "backlog": None}
        gids = set()
        for gi, g in enumerate(groups_in):
            gw = f"{uw}.groups[{gi}]"
            _check_keys(g, ("id", "name", "description", "intake_month", "clinical") + tuple(GROUP_FIELDS), gw)
            gid = _check_id(g.get("id"), f"{gw}.id")
            if gid == "total":
                raise PlanError(f"{gw}.id: 'total' is reserved")
            if gid in gids:
                raise PlanError(f"{gw}.id: duplicate id {gid!r}")
            gids.add(gid)
            grp = {"id": gid, "name": _opt_string(g, "name", gw)}
            grp.update(_fields(g, GROUP_FIELDS, cal, gw))
            grp["intake_month"] = _integer(g["intake_month"], 1, 12, f"{gw}.intake_month") if "intake_month" in g else 9
            clinical = g.get("clinical", True)
            if not isinstance(clinical, bool):
                raise PlanError(f"{gw}.clinical: must be true or false")
            grp["clinical"] = clinical
            for t in range(cal.T):
                if grp["bank_fill"][t] + grp["agency_fill"][t] > 1.0:
                    raise PlanError(f"{gw}: bank_fill + agency_fill over 1 in {cal.labels[t]}")
            unit["groups"].append(grp)
        if "finance" in u:
            fw = f"{uw}.finance"
            f = u["finance"]
            _check_keys(f, ("funding", "pressures", "capital") + tuple(FINANCE_FIELDS), fw)
            fin = _fields(f, FINANCE_FIELDS, cal, fw)
            fin["funding"] = _lines(f.get("funding"), cal, MONEY_ANY, f"{fw}.funding")
            fin["pressures"] = _lines(f.get("pressures"), cal, MONEY_ANY, f"{fw}.pressures")
            cap = f.get("capital", {})
            _check_keys(cap, ("schemes",) + tuple(CAPITAL_FIELDS), f"{fw}.capital")
            fin["capital"] = _fields(cap, CAPITAL_FIELDS, cal, f"{fw}.capital")
            fin["capital"]["schemes"] = _lines(cap.get("schemes"), cal, NONNEG, f"{fw}.capital.schemes")
            unit["finance"] = fin
        if "backlog" in u:
            bw = f"{uw}.backlog"
            b = u["backlog"]
            _check_keys(b, ("wait_profile",) + tuple(BACKLOG_FIELDS), bw)
            bl = _fields(b, BACKLOG_FIELDS, cal, bw)
            if "wait_profile" in b:
                wp = b["wait_profile"]
                if not isinstance(wp, list) or not 1 <= len(wp) <= BUCKETS:
                    raise PlanError(f"{bw}.wait_profile: must be an array of 1 to {BUCKETS} weights")
                weights = [_check_number(x, NONNEG, f"{bw}.wait_profile[{i}]") for i, x in enumerate(wp)]
                if sum(weights) <= 0.0:
                    raise PlanError(f"{bw}.wait_profile: the weights must have a positive sum")
                weights += [0.0] * (BUCKETS - len(weights))
            else:
                weights = [DEFAULT_DECAY ** b_ for b_ in range(BUCKETS)]
            bl["weights"] = weights
            unit["backlog"] = bl
        plan["units"].append(unit)
    plan["systems"] = _load_systems(doc.get("systems", []), plan["units"], cal)
    return plan


POOL_RULES = ("gap", "waiting_list")


def _load_systems(arr, units, cal):
    """docs/methodology.md §15: the systems, their members as unit indices and their schedules expanded."""
    if not isinstance(arr, list):
        raise PlanError("systems: must be an array")
    index = {u["id"]: i for i, u in enumerate(units)}
    systems, ids, taken = [], set(), set()
    for si, sd in enumerate(arr):
        sw = f"systems[{si}]"
        _check_keys(sd, ("id", "name", "units", "shared_waiting_list", "pooled_funding"), sw)
        sid = _check_id(sd.get("id"), f"{sw}.id")
        if sid in ids:
            raise PlanError(f"{sw}.id: duplicate id {sid!r}")
        ids.add(sid)
        members = sd.get("units")
        if not isinstance(members, list) or len(members) < 2:
            raise PlanError(f"{sw}.units: must list at least 2 units")
        idx = []
        for mi, m in enumerate(members):
            if m not in index or index[m] in idx:
                raise PlanError(f"{sw}.units[{mi}]: not a unit of the plan, or listed twice: {m!r}")
            if index[m] in taken:
                raise PlanError(f"{sw}.units[{mi}]: {m!r} is already in another system")
            idx.append(index[m])
        taken.update(idx)
        system = {"id": sid, "name": _opt_string(sd, "name", sw), "members": idx, "travel_share": None,
                  "pool_lines": None, "pool_share": None, "pool_rule": "gap"}
        if "shared_waiting_list" in sd:
            sl = sd["shared_waiting_list"]
            _check_keys(sl, ("travel_share",), f"{sw}.shared_waiting_list")
            if "travel_share" not in sl:
                raise PlanError(f"{sw}.shared_waiting_list: missing required field 'travel_share'")
            system["travel_share"] = expand_schedule(sl["travel_share"], cal, SHARE,
                                                     f"{sw}.shared_waiting_list.travel_share")
        if "pooled_funding" in sd:
            pf = sd["pooled_funding"]
            pw = f"{sw}.pooled_funding"
            _check_keys(pf, ("lines", "share", "rule"), pw)
            for k in ("lines", "share"):
                if k not in pf:
                    raise PlanError(f"{pw}: missing required field {k!r}")
            lines = pf["lines"]
            if not isinstance(lines, list) or not lines or not all(isinstance(x, str) for x in lines):
                raise PlanError(f"{pw}.lines: must be a non-empty array of funding line names")
            system["pool_lines"] = lines
            system["pool_share"] = expand_schedule(pf["share"], cal, SHARE, f"{pw}.share")
            rule = pf.get("rule", "gap")
            if rule not in POOL_RULES:
                raise PlanError(f"{pw}.rule: must be one of {POOL_RULES}")
            system["pool_rule"] = rule
        systems.append(system)
    return systems


def load_plan(path):
    return load_plan_data(read_json(path))


# ---------------------------------------------------------------------------------------------
# The model (MODEL.md §3-§6)

def run_group(g, cal):
    """MODEL.md §3 for one staff group: a dict of monthly series."""
    T = cal.T
    s = {name: [0.0] * T for name, _ in GROUP_SERIES}
    E = g["establishment"]
    C = g["cost_per_fte"]
    S = g["staff_in_post"]
    for t in range(T):
        if cal.april_step(t):
            E = E * (1.0 + g["establishment_growth"][t])
            C = C * (1.0 + g["pay_award"][t])
        V = E - S
        L = S * g["leaver_rate"][t] / 12.0
        JF = g["fill_rate"][t] * max(V, 0.0)
        JN = g["newly_qualified"][t] if cal.cal_month[t] == g["intake_month"] else 0.0
        JI = g["international"][t] / 12.0
        JO = g["other_joiners"][t] / 12.0
        J = JF + JN + JI + JO
        A = S * (1.0 - g["absence_rate"][t])
        R = E * (1.0 - g["budgeted_absence"][t])
        G = max(R - A, 0.0)
        B = G * g["bank_fill"][t]
        AG = G * g["agency_fill"][t]
        U = G - B - AG
        row = {
            "establishment": E, "staff_in_post": S, "vacancies": V,
            "vacancy_rate": V / E if E != 0.0 else 0.0,
            "leavers": L, "joiners": J, "joiners_fill": JF, "newly_qualified": JN,
            "international": JI, "other_joiners": JO, "absence_rate": g["absence_rate"][t],
            "available": A, "required": R, "staffing_gap": G, "bank": B, "agency": AG, "unfilled": U,
            "cost_per_fte": C, "pay_cost": S * C / 12.0,
            "bank_cost": B * C * g["bank_premium"][t] / 12.0,
            "agency_cost": AG * C * g["agency_premium"][t] / 12.0,
        }
        for k, v in row.items():
            s[k][t] = v
        S = S + J - L
    return s


def sum_series(blocks, name, T):
    """Sum of one series over blocks, in block order, starting from 0.0."""
    out = [0.0] * T
    for b in blocks:
        x = b[name]
        for t in range(T):
            out[t] += x[t]
    return out


def total_group(groups, T):
    """A total of group series: sums of FTE and money, rates from the summed parts (§7, §9)."""
    tot = {}
    for name, _ in GROUP_SERIES:
        if name not in GROUP_RATES:
            tot[name] = sum_series(groups, name, T)
    E, V, S, A, PAY = (tot["establishment"], tot["vacancies"], tot["staff_in_post"], tot["available"],
                       tot["pay_cost"])
    tot["vacancy_rate"] = [V[t] / E[t] if E[t] != 0.0 else 0.0 for t in range(T)]
    tot["absence_rate"] = [1.0 - A[t] / S[t] if S[t] != 0.0 else 0.0 for t in range(T)]
    tot["cost_per_fte"] = [PAY[t] * 12.0 / S[t] if S[t] != 0.0 else 0.0 for t in range(T)]
    return {name: tot[name] for name, _ in GROUP_SERIES}


def lines_monthly(lines, T):
    return [[a / 12.0 for a in line["amounts"]] for line in lines]


def run_finance(fin, groups, cal):
    """MODEL.md §4 and §5 for one unit: (series, pressure lines, funding lines)."""
    T = cal.T
    s = {name: [0.0] * T for name, _ in FINANCE_SERIES}
    pr_lines = lines_monthly(fin["pressures"], T)
    fu_lines = lines_monthly(fin["funding"], T)
    sc_lines = lines_monthly(fin["capital"]["schemes"], T)
    NP = fin["non_pay"] / 12.0
    for t in range(T):
        if cal.april_step(t):
            NP = NP * (1.0 + fin["non_pay_inflation"][t])
        WF = 0.0
        for g in groups:
            WF += g["pay_cost"][t] + g["bank_cost"][t] + g["agency_cost"][t]
        PR = 0.0
        for line in pr_lines:
            PR += line[t]
        FL = 0.0
        for line in fu_lines:
            FL += line[t]
        FU = fin["revenue_envelope"][t] / 12.0 + FL   # as written: envelope / 12 + (the lines' sum)
        ER = fin["efficiency_required"][t] * (WF + NP)
        EA = ER * fin["efficiency_achieved"][t]
        ES = ER - EA
        COST = WF + NP + PR - EA
        GAP = COST - FU
        CE = fin["capital"]["envelope"][t] / 12.0
        CR = 0.0
        for line in sc_lines:
            CR += line[t]
        CG = CR - CE
        for k, v in (("workforce_cost", WF), ("non_pay", NP), ("pressures", PR), ("funding", FU),
                     ("efficiency_required", ER), ("efficiency_achieved", EA),
                     ("efficiency_shortfall", ES), ("cost", COST), ("revenue_gap", GAP),
                     ("capital_envelope", CE), ("capital_requirement", CR), ("capital_gap", CG)):
            s[k][t] = v
    pressures = [{"name": line["name"], "monthly": m} for line, m in zip(fin["pressures"], pr_lines)]
    funding = [{"name": line["name"], "monthly": m} for line, m in zip(fin["funding"], fu_lines)]
    return s, pressures, funding


def remove_clock_stops(parts, X, P, lfs):
    """§6 and §9: take X clock stops from the parts [bucket 0..24, new starts]; returns remainders."""
    if X == P:
        return [0.0] * len(parts)
    Xp = X * (1.0 - lfs)
    share = Xp / P if P != 0.0 else 0.0
    if P != 0.0:
        parts = [x - x * share for x in parts]
    Xl = X - Xp
    # Longest-first: bucket 24 down to bucket 0, then the new clock starts (the last part).
    order = list(range(BUCKETS - 1, -1, -1)) + [BUCKETS]
    for i in order:
        if Xl <= 0.0:
            break
        take = min(Xl, parts[i])
        parts[i] = parts[i] - take
        Xl = Xl - take
    return parts


class Backlog:
    """MODEL.md §6 for one unit, a month at a time: month(t) computes the month's series and its clock
    stops, leaving what remains in `rem` (buckets 0..24, then the new clock starts); age() then moves the
    list on a month. A system (docs/methodology.md §15) moves patients between the two."""

    def __init__(self, bl, groups_in, group_series, cal, in_system):
        self.bl, self.T = bl, cal.T
        self.table = BACKLOG_SERIES + (SYSTEM_BACKLOG_SERIES if in_system else [])
        self.s = {name: [0.0] * cal.T for name, _ in self.table}
        wsum = 0.0
        for w in bl["weights"]:
            wsum += w
        self.buckets = [bl["waiting_list"] * w / wsum for w in bl["weights"]]
        self.H = bl["hidden_demand"]
        self.clinical = [gs for g, gs in zip(groups_in, group_series) if g["clinical"]]
        self.CS0 = None
        self.rem = None

    def month(self, t):
        bl, buckets, s = self.bl, self.buckets, self.s
        HR = self.H * bl["hidden_return_rate"][t]
        N = bl["referrals"][t] + HR
        CS = 0.0
        for gs in self.clinical:
            CS += gs["available"][t] + gs["bank"][t] + gs["agency"][t]
        if t == 0:
            self.CS0 = CS
        if not self.clinical or self.CS0 == 0.0:
            F = 1.0
        else:
            F = (CS / self.CS0) ** bl["workforce_elasticity"]
        K = bl["capacity"][t] * F
        r = bl["renege_rate"][t]
        RN = 0.0
        for w in buckets:
            RN += w * r
        kept = [w - w * r for w in buckets]
        KS = 0.0
        for w in kept:
            KS += w
        P = N + KS   # as written: N + (the sum of the kept buckets)
        X = min(K, P)
        # Reported measures from the opening buckets.
        WL = 0.0
        for w in buckets:
            WL += w
        o12 = 0.0
        for w in buckets[12:]:
            o12 += w
        o15 = 0.0
        for w in buckets[15:]:
            o15 += w
        o18 = 0.0
        for w in buckets[18:]:
            o18 += w
        w4 = 0.0
        for w in buckets[:4]:
            w4 += w
        for k, v in (("waiting_list", WL), ("over_12m", o12), ("over_15m", o15), ("over_18m", o18),
                     ("over_24m", buckets[24]), ("within_4m", w4),
                     ("within_4m_share", w4 / WL if WL != 0.0 else 0.0),
                     ("clock_starts", N), ("hidden_referred", HR), ("hidden_remaining", self.H),
                     ("effective_capacity", K), ("clock_stops", X), ("reneges", RN),
                     ("workforce_factor", F)):
            s[k][t] = v
        self.rem = remove_clock_stops(kept + [N], X, P, bl["longest_first_share"][t])
        self.H = self.H - HR

    def remaining(self):
        """§15: what is left in buckets 0..24 after the clock stops (not the new clock starts)."""
        total = 0.0
        for x in self.rem[:BUCKETS]:
            total += x
        return total

    def take(self, amount):
        """§15: `amount` taken from the remaining buckets, longest wait first, each emptied before the next."""
        left = amount
        for b in range(BUCKETS - 1, -1, -1):
            if left <= 0.0:
                break
            take = min(left, self.rem[b])
            self.rem[b] = self.rem[b] - take
            left = left - take

    def age(self):
        rem = self.rem
        new = [0.0] * BUCKETS
        new[0] = rem[BUCKETS]
        for b in range(1, BUCKETS - 1):
            new[b] = rem[b - 1]
        new[BUCKETS - 1] = rem[BUCKETS - 2] + rem[BUCKETS - 1]
        self.buckets = new


def run_backlog(bl, groups_in, group_series, cal):
    """MODEL.md §6 for one unit on its own: a dict of monthly series."""
    b = Backlog(bl, groups_in, group_series, cal, False)
    for t in range(cal.T):
        b.month(t)
        b.age()
    return b.s


# ---------------------------------------------------------------------------------------------
# Aggregation (§7) and the result structure (DESIGN.md "Result file")

def annual(series, table, cal):
    """Monthly series -> FY figures: flows summed, stocks closing and `<name>_mean`."""
    out = {}
    for name, agg in table:
        x = series[name]
        vals, means = [], []
        for periods in cal.fy_periods:
            tot = 0.0
            for t in periods:
                tot += x[t]
            if agg == FLOW:
                vals.append(tot)
            else:
                vals.append(x[periods[-1]])
                means.append(tot / len(periods))
        out[name] = vals
        if agg == STOCK:
            out[name + "_mean"] = means
    return out


def block(series, table, cal):
    return {"monthly": {name: series[name] for name, _ in table}, "annual": annual(series, table, cal)}


def line_block(line, cal):
    tot = []
    for periods in cal.fy_periods:
        s = 0.0
        for t in periods:
            s += line["monthly"][t]
        tot.append(s)
    return {"name": line["name"], "monthly": line["monthly"], "annual": tot}


def merge_lines(lists, T):
    """Lines merged by name across units, first-seen order, summed in unit order."""
    order, acc = [], {}
    for lines in lists:
        for line in lines:
            if line["name"] not in acc:
                order.append(line["name"])
                acc[line["name"]] = [0.0] * T
            a = acc[line["name"]]
            for t in range(T):
                a[t] += line["monthly"][t]
    return [{"name": n, "monthly": acc[n]} for n in order]


def pool_funding(system, plan, fin, bls, t):
    """§15 pooled funding for month t of one system: moves money between its members' funding."""
    members = system["members"]
    PC, weight = {}, {}
    POOL, total = 0.0, 0.0
    for u in members:
        f = plan["units"][u]["finance"]
        if f is None:
            continue
        PC[u], weight[u] = 0.0, 0.0
        if system["pool_share"] is None:
            continue
        lines = 0.0
        for name in system["pool_lines"]:
            for line in f["funding"]:
                if line["name"] == name:
                    lines += line["amounts"][t] / 12.0
                    break
        PC[u] = system["pool_share"][t] * lines
        POOL += PC[u]
        if system["pool_rule"] == "gap":
            weight[u] = max(fin[u][0]["revenue_gap"][t], 0.0)
        else:
            weight[u] = bls[u].s["waiting_list"][t] if u in bls else 0.0
        total += weight[u]
    for u in members:
        if u not in PC:
            continue
        PI = POOL * weight[u] / total if total > 0.0 else PC[u]
        fs = fin[u][0]
        fs["funding"][t] = fs["funding"][t] - PC[u] + PI
        fs["revenue_gap"][t] = fs["cost"][t] - fs["funding"][t]
        fs["pooled_out"][t] = PC[u]
        fs["pooled_in"][t] = PI
    return POOL


def share_list(system, bls, t):
    """§15 shared waiting list for month t of one system: its members' clock stops done, before ageing."""
    members = [u for u in system["members"] if u in bls]
    ts = system["travel_share"][t] if system["travel_share"] is not None else 0.0
    SP, M = {}, {}
    sumSP, sumM = 0.0, 0.0
    for u in members:
        b = bls[u]
        SP[u] = b.s["effective_capacity"][t] - b.s["clock_stops"][t]
        M[u] = ts * b.remaining()
        sumSP += SP[u]
        sumM += M[u]
    MOVED = min(sumSP, sumM)
    for u in members:
        MO = 0.0 if sumM == 0.0 else MOVED * M[u] / sumM
        AID = 0.0 if sumSP == 0.0 else MOVED * SP[u] / sumSP
        bls[u].take(MO)
        bls[u].s["moved_out"][t] = MO
        bls[u].s["aid_given"][t] = AID
    return MOVED


def backlog_sums(parts, capacities, table, T):
    """Backlog series summed over units, the shares recomputed from the sums (§8)."""
    bs = {name: sum_series(parts, name, T) for name, _ in table}
    cap = [0.0] * T
    for c in capacities:
        for t in range(T):
            cap[t] += c[t]
    WL, W4, K = bs["waiting_list"], bs["within_4m"], bs["effective_capacity"]
    bs["within_4m_share"] = [W4[t] / WL[t] if WL[t] != 0.0 else 0.0 for t in range(T)]
    bs["workforce_factor"] = [K[t] / cap[t] if cap[t] != 0.0 else 1.0 for t in range(T)]
    return bs


def run(plan):
    """Run a loaded plan; returns the result as DESIGN.md's result JSON (a dict)."""
    cal = plan["cal"]
    T = cal.T
    units = plan["units"]
    systems = plan.get("systems", [])
    system_of = {u: k for k, sy in enumerate(systems) for u in sy["members"]}
    units_out = []
    unit_totals = []         # each unit's total group series
    ids_seen, by_id = [], {}  # group id -> list of series across units (all_units)
    gseries_of, fin, bls = [], {}, {}
    for ui, u in enumerate(units):
        gseries = [run_group(g, cal) for g in u["groups"]]
        gseries_of.append(gseries)
        if u["finance"] is not None:
            fs, pr, fu = run_finance(u["finance"], gseries, cal)
            if ui in system_of:
                for name, _ in SYSTEM_FINANCE_SERIES:
                    fs[name] = [0.0] * T
            fin[ui] = (fs, pr, fu)
        if u["backlog"] is not None:
            bls[ui] = Backlog(u["backlog"], u["groups"], gseries, cal, ui in system_of)

    # Month by month: every unit's own month, then each system's pooling and shared list, then the lists age.
    system_pool = [[0.0] * T for _ in systems]
    system_moved = [[0.0] * T for _ in systems]
    for t in range(T):
        for b in bls.values():
            b.month(t)
        for k, sy in enumerate(systems):
            system_pool[k][t] = pool_funding(sy, plan, fin, bls, t)
            system_moved[k][t] = share_list(sy, bls, t)
        for b in bls.values():
            b.age()

    for ui, u in enumerate(units):
        gseries = gseries_of[ui]
        tot = total_group(gseries, T)
        unit_totals.append(tot)
        groups_out = []
        for g, gs in zip(u["groups"], gseries):
            b = block(gs, GROUP_SERIES, cal)
            groups_out.append({"id": g["id"], "name": g["name"] if g["name"] is not None else g["id"], **b})
            if g["id"] not in by_id:
                ids_seen.append(g["id"])
                by_id[g["id"]] = []
            by_id[g["id"]].append(gs)
        groups_out.append({"id": "total", "name": "Total", **block(tot, GROUP_SERIES, cal)})
        uo = {"id": u["id"], "name": u["name"] if u["name"] is not None else u["id"], "groups": groups_out}
        extra_fin = SYSTEM_FINANCE_SERIES if ui in system_of else []
        if ui in fin:
            fs, pr, fu = fin[ui]
            uo["finance"] = {**block(fs, FINANCE_SERIES + extra_fin, cal),
                             "pressures": [line_block(x, cal) for x in pr],
                             "funding": [line_block(x, cal) for x in fu]}
        if ui in bls:
            uo["backlog"] = block(bls[ui].s, bls[ui].table, cal)
        units_out.append(uo)

    # all_units (§9): groups by id in first-seen order, then the total of the unit totals.
    au_groups = []
    for gid in ids_seen:
        au_groups.append({"id": gid, "name": gid, **block(total_group(by_id[gid], T), GROUP_SERIES, cal)})
    au_total = total_group(unit_totals, T)
    # The staffing gap and its parts of a total are sums of the groups' own figures (one unit's surplus
    # covers no other's gap); summing unit totals keeps that, as every unit total already does.
    au_groups.append({"id": "total", "name": "Total", **block(au_total, GROUP_SERIES, cal)})
    all_units = {"groups": au_groups}
    fin_units = [fin[u] for u in sorted(fin)]
    if fin_units:
        fs = {name: sum_series([f[0] for f in fin_units], name, T) for name, _ in FINANCE_SERIES}
        all_units["finance"] = {**block(fs, FINANCE_SERIES, cal),
                                "pressures": [line_block(x, cal) for x in merge_lines([f[1] for f in fin_units], T)],
                                "funding": [line_block(x, cal) for x in merge_lines([f[2] for f in fin_units], T)]}
    if bls:
        parts = [bls[u].s for u in sorted(bls)]
        caps = [units[u]["backlog"]["capacity"] for u in sorted(bls)]
        all_units["backlog"] = block(backlog_sums(parts, caps, BACKLOG_SERIES, T), BACKLOG_SERIES, cal)

    # Each system (§15): its members' sums after the transfers, with the pool and the patients moved.
    systems_out = []
    for k, sy in enumerate(systems):
        so = {"id": sy["id"], "name": sy["name"] if sy["name"] is not None else sy["id"],
              "units": [units[u]["id"] for u in sy["members"]]}
        table = FINANCE_SERIES + SYSTEM_FINANCE_SERIES
        parts = [fin[u][0] for u in sy["members"] if u in fin]
        if parts:
            fs = {name: sum_series(parts, name, T) for name, _ in table}
            fs["pool"] = system_pool[k]
            so["finance"] = block(fs, table + [("pool", FLOW)], cal)
        table = BACKLOG_SERIES + SYSTEM_BACKLOG_SERIES
        members = [u for u in sy["members"] if u in bls]
        if members:
            bs = backlog_sums([bls[u].s for u in members], [units[u]["backlog"]["capacity"] for u in members],
                              table, T)
            bs["moved"] = system_moved[k]
            so["backlog"] = block(bs, table + [("moved", FLOW)], cal)
        systems_out.append(so)

    for where, series in _walk_numbers(units_out, all_units):
        if not math.isfinite(series[1]):
            raise ArithmeticError(f"non-finite result in {where} at index {series[0]}")
    out = {
        "gapplan": 1, "plan": plan["name"] if plan["name"] is not None else "",
        "months": cal.labels, "fys": cal.fys, "partial_fys": cal.partial_fys,
        "units": units_out, "all_units": all_units,
    }
    if systems:
        out["systems"] = systems_out
    return out


def _walk_numbers(units_out, all_units):
    def blocks_of(prefix, u):
        for g in u["groups"]:
            yield f"{prefix}.groups[{g['id']}]", g
        if "finance" in u:
            yield f"{prefix}.finance", u["finance"]
        if "backlog" in u:
            yield f"{prefix}.backlog", u["backlog"]

    for u in units_out + [dict(all_units, id="all_units")]:
        for where, b in blocks_of(u["id"], u):
            for name, x in b["monthly"].items():
                for i, v in enumerate(x):
                    yield f"{where}.{name}", (i, v)


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description="gapplan reference model (MODEL.md), for cross-checks")
    ap.add_argument("plan")
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args(argv)
    try:
        res = run(load_plan(a.plan))
    except (PlanError, ValueError) as e:
        print(f"{a.plan}: {e}", file=sys.stderr)
        return 3
    text = json.dumps(res, indent=1)
    if a.output == "-":
        sys.stdout.write(text + "\n")
    else:
        with open(a.output, "w") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
