---@meta gapplan
-- lua/gapplan.d.lua: the plugin API of gapplan, annotated for lua-language-server (LuaLS), so that an editor
-- completes and checks a scenario plugin as you type. It is a description, never run: gapplan builds these
-- objects in C (lua/bind_*.c) and the prelude (lua/prelude.lua). docs/plugins.md is the guide.
--
-- Editor set-up (VS Code with the Lua extension, or any LuaLS client), in .luarc.json beside your plugins:
--   {
--     "runtime.version": "Lua 5.4",
--     "runtime.builtin": { "io": "disable", "os": "disable", "debug": "disable", "package": "disable",
--                          "coroutine": "disable" },
--     "workspace.library": ["/path/to/gapplan/lua/gapplan.d.lua"]
--   }
-- (an installed gapplan has this file at PREFIX/share/gapplan/gapplan.d.lua). Disabling those libraries makes the
-- editor flag what the sandbox does not have; the cut-down os is declared at the end of this file.
--
-- tests/check_annotations.py keeps this file true: it fails when a field, method or global of the code is
-- missing here, when this file names one the code does not have, or when a field's unit, range or meaning here
-- differs from core/fields.c.

---A month label "YYYY-MM" (e.g. "2022-10") or a financial-year label "YYYY/YY" (e.g. "2022/23": April to March).
---@alias gapplan.Label string

---Where a change applies: the months t with f <= t <= l, f the first month of `from` (default: the plan's first)
---and l the last month of `to` (default: the plan's last). `from` may lie before the plan's start (the ramp is
---then partly done); months outside the plan are never written. With `ramp` = r > 0 the change phases in
---linearly, weight w = min(1, (t - f + 1) / r); without it w = 1. In a policy, `from` defaults to the month after
---the one just computed, and an earlier `from` is an error. Any other key is an error.
---@class gapplan.ChangeOptions
---@field from? gapplan.Label first month of the change; an FY label means its April
---@field to? gapplan.Label last month of the change; an FY label means its March
---@field ramp? number months over which the change phases in linearly (>= 0; 0: at once)

---A time-varying input: one value a month over the plan's horizon (`#s` is the number of months). Annual
---figures (FTE or £ a year) are held as the annual figure in every month, as in the plan file. A change is all
---or nothing: every new value is checked against the field's range first, so a rate pushed below 0 is an error at
---your line and the schedule is left as it was.
---@class gapplan.Schedule
---@operator len: integer
local Schedule = {}

---The value in a month of the plan (a month label; an FY label or a month outside the plan is an error).
---@param month string a month label "YYYY-MM"
---@return number
function Schedule:get(month) end

---Set the value: x + (v - x) * w in each month of the change (x the value before it).
---@param v number a finite number
---@param opts? gapplan.ChangeOptions
---@return gapplan.Schedule self, so changes chain
function Schedule:set(v, opts) end

---Add to the value: x + d * w in each month of the change.
---@param d number a finite number, in the field's unit (FTE a year, £ a year, a fraction, ...)
---@param opts? gapplan.ChangeOptions
---@return gapplan.Schedule self
function Schedule:add(d, opts) end

---Scale the value: x * (1 + (k - 1) * w) in each month of the change (k = 1.1 is 10% more).
---@param k number a finite number
---@param opts? gapplan.ChangeOptions
---@return gapplan.Schedule self
function Schedule:scale(k, opts) end

---A schedule's value as written in a plan file: a number, or a table keyed by FY labels or by month labels (not
---both), each key setting the value from then on. The first key's value also holds before it: end a one-year
---amount with a zero key, e.g. { ["2021/22"] = 0, ["2022/23"] = 5e5, ["2023/24"] = 0 }.
---@alias gapplan.Amounts number|table<gapplan.Label, number>

---One named line of a list: a pressure, a funding line or a capital scheme. Its fields cannot be assigned.
---@class gapplan.Line
---@field name string the line's name, as the board sees it (read-only)
---@field amounts gapplan.Schedule the line's amounts (£/yr; any finite number for pressures and funding, >= 0 for schemes)

---A named list: finance.pressures, finance.funding or capital.schemes. Index it by position (`list[1]`, `#list`,
---ipairs) or by name (`list["COVID-19 costs"]`; an unknown name is an error naming the nearest). A line named
---like a method ("add", "get") is reached with `list:get("add")`: `list.add` is the method.
---@class gapplan.Lines
---@field [integer] gapplan.Line
---@field [string] gapplan.Line
---@operator len: integer
local Lines = {}

---Add a line: `name` non-empty UTF-8 of at most 200 bytes, unique in the list; `amounts` expanded as in a plan
---file. Not allowed in a policy: add the line in apply with zero amounts and change its amounts in the policy.
---@param line { name: string, amounts: gapplan.Amounts }
---@return gapplan.Line
function Lines:add(line) end

---The line named `name`, whatever it is called (an unknown name is an error naming the nearest).
---@param name string
---@return gapplan.Line
function Lines:get(name) end

---A staff group of a unit (MODEL.md §3). A gapplan.Schedule field is read with :get and changed with :set, :add
---and :scale (assigning it is an error). A number, integer or boolean field is a starting value: read it, or
---assign a new value, checked against the range shown (not in a policy: starting values cannot change during the
---run). Each field's line says: meaning (unit, range).
---@class gapplan.Group
---@field id string the group's id, e.g. "nurses" (read-only)
---@field name string the group's name, or its id (read-only)
---@field description string the group's description, or "" (read-only)
---@field establishment number funded posts at the start (FTE, [0, inf))
---@field establishment_growth gapplan.Schedule growth of the establishment, applied each April (fraction/yr, [-0.5, 1])
---@field staff_in_post number staff in post at the start (FTE, [0, inf))
---@field leaver_rate gapplan.Schedule leavers per year as a share of staff in post (fraction/yr, [0, 1])
---@field fill_rate gapplan.Schedule share of open vacancies filled by domestic recruitment each month (fraction/month, [0, 1])
---@field newly_qualified gapplan.Schedule newly qualified intake, all arriving in the intake month (FTE/yr, [0, inf))
---@field intake_month integer calendar month of the newly qualified intake (month 1-12, [1, 12])
---@field international gapplan.Schedule international recruits, spread evenly over the year (FTE/yr, [0, inf))
---@field other_joiners gapplan.Schedule returners, reservists and other joiners, spread evenly over the year (FTE/yr, [0, inf))
---@field absence_rate gapplan.Schedule sickness absence: share of staff-in-post time lost (fraction, [0, 1])
---@field budgeted_absence gapplan.Schedule absence headroom built into the establishment (fraction, [0, 1])
---@field cost_per_fte number average annual cost of one substantive FTE (pay and on-costs) at the start (£/yr, [0, inf))
---@field pay_award gapplan.Schedule uplift of the cost per FTE, applied each April (fraction/yr, [-0.5, 1])
---@field bank_fill gapplan.Schedule share of the staffing gap covered by bank staff (fraction, [0, 1])
---@field agency_fill gapplan.Schedule share of the staffing gap covered by agency staff (fraction, [0, 1])
---@field bank_premium gapplan.Schedule bank cost per FTE as a multiple of the substantive cost (multiple, [0, inf))
---@field agency_premium gapplan.Schedule agency cost per FTE as a multiple of the substantive cost (multiple, [0, inf))
---@field clinical boolean counts towards elective capacity (yes/no)

---A unit's revenue (MODEL.md §4), with the same kinds of field as a group.
---@class gapplan.Finance
---@field revenue_envelope gapplan.Schedule recurrent revenue allocation (£/yr, [0, inf))
---@field non_pay number non-pay costs in the first financial year (£/yr, [0, inf))
---@field non_pay_inflation gapplan.Schedule uplift of non-pay costs, applied each April (fraction/yr, [-0.5, 1])
---@field efficiency_required gapplan.Schedule efficiency requirement as a share of the cost base (fraction, [0, 1])
---@field efficiency_achieved gapplan.Schedule share of the efficiency requirement actually delivered (fraction, [0, 1])
---@field pressures gapplan.Lines named cost pressures (£/yr), e.g. COVID-19 costs
---@field funding gapplan.Lines named extra funding (£/yr), e.g. a settlement
---@field capital gapplan.Capital the capital block

---A unit's capital (MODEL.md §5).
---@class gapplan.Capital
---@field envelope gapplan.Schedule capital allocation (CDEL) (£/yr, [0, inf))
---@field schemes gapplan.Lines capital schemes (£/yr, each >= 0)

---A unit's elective waiting list (MODEL.md §6), with the same kinds of field as a group.
---@class gapplan.Backlog
---@field waiting_list number waiting list at the start (pathways, [0, inf))
---@field referrals gapplan.Schedule new clock starts per month (pathways/month, [0, inf))
---@field capacity gapplan.Schedule clock stops per month at the starting workforce (pathways/month, [0, inf))
---@field hidden_demand number missing referrals not yet on the list at the start (pathways, [0, inf))
---@field hidden_return_rate gapplan.Schedule share of the remaining hidden demand referred each month (fraction/month, [0, 1])
---@field workforce_elasticity number how strongly capacity follows clinical staffing (number, [0, 10])
---@field longest_first_share gapplan.Schedule share of clock stops taken longest wait first; the rest in proportion (fraction, [0, 1])
---@field renege_rate gapplan.Schedule share of every waiting bucket removed each month without treatment (fraction/month, [0, 1])

---The list of a unit's groups: index it by position (`#groups`, ipairs) or by id (an unknown id is an error naming
---the nearest). Groups cannot be added or replaced.
---@class gapplan.Groups
---@field [integer] gapplan.Group
---@field [string] gapplan.Group
---@operator len: integer

---An organisation of the plan. Its fields cannot be assigned.
---@class gapplan.Unit
---@field id string the unit's id (read-only)
---@field name string the unit's name, or its id (read-only)
---@field description string the unit's description, or "" (read-only)
---@field groups gapplan.Groups its staff groups
---@field finance gapplan.Finance|nil its revenue and capital, nil when the plan has none for this unit
---@field backlog gapplan.Backlog|nil its waiting list, nil when the plan has none for this unit

---The list of the plan's units: index it by position (`#units`, ipairs) or by id (an unknown id is an error naming
---the nearest). Units cannot be added or replaced.
---@class gapplan.Units
---@field [integer] gapplan.Unit
---@field [string] gapplan.Unit
---@operator len: integer

---A system: units planning as one (docs/methodology.md "Systems"). Its units and lines are the plan's structure
---and cannot be changed; its shares are schedules like any input.
---@class gapplan.System
---@field id string the system's id (read-only)
---@field name string the system's name, or its id (read-only)
---@field units gapplan.Unit[] its member units, in the order the system lists them (read-only)
---@field travel_share gapplan.Schedule|nil share of each member's remaining list that will travel (fraction/month, [0, 1]); nil without a shared waiting list
---@field pool_share gapplan.Schedule|nil share of the pooled funding lines put in the pool (fraction, [0, 1]); nil without pooled funding
---@field pool_lines string[] the names of the funding lines pooled (read-only)
---@field pool_rule "gap"|"waiting_list"|nil how the pool is shared out; nil without pooled funding (read-only)

---The plan's systems: index them by position (`#systems`, ipairs) or by id (an unknown id is an error naming the
---nearest). Systems cannot be added or replaced.
---@class gapplan.Systems
---@field [integer] gapplan.System
---@field [string] gapplan.System
---@operator len: integer

---The plan a scenario edits, mirroring the plan file with the same names. Reading a field that does not exist is
---an error naming the nearest one; the plan's own fields cannot be assigned.
---@class gapplan.Plan
---@field name string the plan's name, or "" (read-only)
---@field description string the plan's description, or "" (read-only)
---@field start string the first month, "YYYY-MM" (read-only)
---@field months integer the number of months (read-only)
---@field units gapplan.Units the plan's units
---@field systems gapplan.Systems the plan's systems (empty without a `systems` list)
local Plan = {}

---Every staff group of every unit, in file order.
---@return gapplan.Group[]
function Plan:groups() end

---Which figure to read: `unit` is a unit id or "all" (every unit summed; default: the only unit, or "all" when
---there are several); `group` a group id or "total" (group series only; default "total"); `month` a month label
---already computed (default: the last computed); `mean` (annual only) a stock's FY mean instead of its closing
---value. Any other key is an error.
---@class gapplan.ResultOptions
---@field unit? string
---@field group? string
---@field month? string
---@field mean? boolean

---Results, read-only: a policy's `state` after each month, a metric's `results` after the run. Series names are
---those of the result file and MODEL.md §7 (staff_in_post, vacancies, vacancy_rate, available, staffing_gap,
---agency_cost, revenue_gap, capital_gap, waiting_list, ...); an unknown name is an error naming the nearest.
---The object expires when the call that received it returns: keeping it for later is an error.
---@class gapplan.Results
---@field t integer months computed so far (1 = the plan's first month; in a metric, all of them)
---@field month string the label of the last month computed
---@field months integer the plan's number of months
---@field fys string[] the FY labels of the plan
---@field plan gapplan.Plan a policy's plan, whose schedules may change from the next month on (an error in a metric)
local Results = {}

---A series' value in the last month computed (or `opts.month`).
---@param series string
---@param opts? gapplan.ResultOptions
---@return number
function Results:value(series, opts) end

---A series' values in every month computed so far, first month first.
---@param series string
---@param opts? gapplan.ResultOptions
---@return number[]
function Results:monthly(series, opts) end

---A series by FY label: the FY sum for flows, the closing value for stocks (or with mean = true the FY mean).
---Metrics only: FY figures need the whole run.
---@param series string
---@param opts? gapplan.ResultOptions
---@return table<string, number>
function Results:annual(series, opts) end

---A param of a scenario: typed and range-checked before apply runs; `--set ID.PARAM=VALUE` overrides the default.
---Any other field is an error.
---@class gapplan.ParamSpec
---@field type? "number"|"integer"|"month"|"fy"|"string"|"choice"|"boolean" default: from the default (a number, a boolean, a string with `choices`, a month or FY label, or else a string)
---@field default number|integer|string|boolean the value when not set: required, and within min..max and low..high
---@field min? number lowest value allowed (number and integer params only)
---@field max? number highest value allowed (number and integer params only)
---@field low? number low end of the plausible range, for the uncertainty tools (number and integer params; with high)
---@field high? number high end of the plausible range (with low)
---@field dist? "uniform"|"triangular" the distribution between low and high (default uniform; only with low and high)
---@field unit? string the unit shown with the value, e.g. "FTE/yr", "£bn", "pp"
---@field doc? string one line saying what the param means
---@field choices? string[] the allowed values of a choice param (choice params only)

---A figure a scenario computes from the finished results; written into the result file, under the scenario.
---@class gapplan.Metric
---@field value fun(results: gapplan.Results, p: table): number|table<string, number> a finite number, or finite numbers keyed by FY label (an FY left out is written as null)
---@field unit? string the figure's unit (default "")
---@field doc? string one line saying what it is (default "")

---What scenario{} takes. Any other field is an error naming the nearest.
---@class gapplan.ScenarioDef
---@field id string 1 to 64 characters of a-z, 0-9, _ and -; a file on the plugin path is named ID.lua
---@field title string one line for a board paper (non-empty)
---@field source string the report and figure the scenario reproduces (non-empty)
---@field params? table<string, gapplan.ParamSpec> the scenario's params, by name (a Lua name: letters, digits, _)
---@field apply fun(plan: gapplan.Plan, p: table) edits the plan before the model runs; p holds the params, read-only (an unknown name is an error)
---@field policy? fun(state: gapplan.Results, t: integer, p: table) called after each month t but the last; may change schedules from t + 1 on. It runs in a fresh load of the file: locals set by apply are not seen, locals it sets last through the run
---@field metrics? table<string, gapplan.Metric|fun(results: gapplan.Results, p: table): number|table<string, number>> figures from the finished results, by name (a Lua name)

---A scenario, as scenario{} returns it: the value a plugin file returns.
---@class gapplan.Scenario

---Declare the scenario of this file: `return scenario { ... }`. Every field and param is checked; a mistake is
---an error at the line of the definition.
---@param def gapplan.ScenarioDef
---@return gapplan.Scenario
function scenario(def) end

---Apply another scenario, found by id on the plugin path (not a file path), from inside apply, with params of
---your own (the rest take their defaults). Only its apply runs: its policy and metrics do not, and the result
---file records your scenario alone. A scenario that uses itself, directly or in a loop, or nesting deeper than 8,
---is an error.
---@param id string the other scenario's id
---@param params? table its params (the rest take their defaults)
function use(id, params) end

-- The sandbox's globals (lua/sandbox.c). A plugin sees these and nothing else; reading any other global is an
-- error ("undefined global 'x'"), so a typo never reads as nil:
-- Globals: _G, _VERSION, assert, collectgarbage, error, getmetatable, ipairs, load, math, next, os, pairs, pcall,
-- rawequal, rawget, rawlen, rawset, scenario, select, setmetatable, string, table, tonumber, tostring, type, use,
-- utf8, xpcall
-- Not there: print (standard output may be the result file), io, package, require, dofile, loadfile, debug,
-- coroutine. Cut down: collectgarbage("count") only; load of text chunks only, in the plugin's environment;
-- setmetatable refuses a metatable with __gc; string has no dump, string.rep stops at 16 MiB and a pattern that
-- would backtrack for too long is refused; math.random is seeded from --seed and math.randomseed is gone.

---The sandbox's os: the clock and the calendar only.
os = {}

---Seconds since the epoch, now or of the date `t` (as Lua's os.time).
---@param t? table
---@return integer
function os.time(t) end

---A date as text or as a table (as Lua's os.date).
---@param format? string
---@param time? integer
---@return string|table
function os.date(format, time) end

---CPU seconds used by the program (as Lua's os.clock).
---@return number
function os.clock() end
