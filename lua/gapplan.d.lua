---@meta gapplan
-- lua/gapplan.d.lua: the plugin API of gapplan, annotated for lua-language-server (LuaLS), so that an editor
-- completes and checks a scenario plugin as you type. It is a description, never run: gapplan builds these
-- objects in C (lua/bind_*.c) and the prelude (lua/prelude.lua). docs/plugins.md is the guide.
--
-- Editor set-up (VS Code with the Lua extension, or any LuaLS client), in .luarc.json beside your plugins:
--   { "workspace.library": ["/path/to/gapplan/lua/gapplan.d.lua"], "runtime.version": "Lua 5.4" }
--
-- tests/check_annotations.py keeps this file true: it fails when a field or method of the code is missing
-- here, or when this file names one the code does not have.

---A month label "YYYY-MM" (e.g. "2022-10") or a financial-year label "YYYY/YY" (e.g. "2022/23": April to March).
---@alias gapplan.Label string

---Where a change applies: the months t with f <= t <= l, f the first month of `from` (default: the plan's first)
---and l the last month of `to` (default: the plan's last). With `ramp` = r > 0 the change phases in linearly,
---weight min(1, (t - f + 1) / r). In a policy, `from` defaults to the month after the one just computed, and an
---earlier `from` is an error.
---@class gapplan.ChangeOptions
---@field from? gapplan.Label first month (or the first month of an FY) of the change
---@field to? gapplan.Label last month (or the last month of an FY) of the change
---@field ramp? number months over which the change phases in linearly (0: at once)

---A time-varying input: one value a month over the plan's horizon. Annual figures (FTE or £ a year) are held as
---the annual figure in every month, as in the plan file. Every change is range-checked as an input would be:
---a rate pushed below 0 is an error at your line, and the schedule is left as it was.
---@class gapplan.Schedule
local Schedule = {}

---The value in a month of the horizon.
---@param month string a month label "YYYY-MM"
---@return number
function Schedule:get(month) end

---Set the value: x + (v - x) * w in each month of the change.
---@param v number
---@param opts? gapplan.ChangeOptions
---@return gapplan.Schedule self, so changes chain
function Schedule:set(v, opts) end

---Add to the value: x + d * w in each month of the change.
---@param d number
---@param opts? gapplan.ChangeOptions
---@return gapplan.Schedule self
function Schedule:add(d, opts) end

---Scale the value: x * (1 + (k - 1) * w) in each month of the change.
---@param k number
---@param opts? gapplan.ChangeOptions
---@return gapplan.Schedule self
function Schedule:scale(k, opts) end

---A schedule's value as written in a plan file: a number, or a table keyed by FY labels or by month labels,
---each key setting the value from then on.
---@alias gapplan.Amounts number|table<gapplan.Label, number>

---One named line of a list: a pressure, a funding line or a capital scheme.
---@class gapplan.Line
---@field name string the line's name, as the board sees it
---@field amounts gapplan.Schedule the line's amounts (£ a year)

---A named list: finance.pressures, finance.funding or capital.schemes. Index it by position or by name.
---@class gapplan.Lines
---@field [integer] gapplan.Line
---@field [string] gapplan.Line
local Lines = {}

---Add a line (not allowed in a policy: add it in apply with zero amounts and change its amounts later).
---@param line { name: string, amounts: gapplan.Amounts }
---@return gapplan.Line
function Lines:add(line) end

---A staff group of a unit (MODEL.md §3).
---@class gapplan.Group
---@field id string the group's id, e.g. "nurses" (read-only)
---@field name string the group's name (read-only)
---@field description string the group's description, or "" (read-only)
---@field establishment number funded posts at the start (FTE; a starting value: assign a number, range-checked)
---@field establishment_growth gapplan.Schedule growth of the establishment, applied each April (fraction/yr; a schedule: read with :get, change with :set, :add, :scale)
---@field staff_in_post number staff in post at the start (FTE; a starting value: assign a number, range-checked)
---@field leaver_rate gapplan.Schedule leavers per year as a share of staff in post (fraction/yr; a schedule: read with :get, change with :set, :add, :scale)
---@field fill_rate gapplan.Schedule share of open vacancies filled by domestic recruitment each month (fraction/month; a schedule: read with :get, change with :set, :add, :scale)
---@field newly_qualified gapplan.Schedule newly qualified intake, all arriving in the intake month (FTE/yr; a schedule: read with :get, change with :set, :add, :scale)
---@field international gapplan.Schedule international recruits, spread evenly over the year (FTE/yr; a schedule: read with :get, change with :set, :add, :scale)
---@field other_joiners gapplan.Schedule returners, reservists and other joiners, spread evenly over the year (FTE/yr; a schedule: read with :get, change with :set, :add, :scale)
---@field absence_rate gapplan.Schedule sickness absence: share of staff-in-post time lost (fraction; a schedule: read with :get, change with :set, :add, :scale)
---@field budgeted_absence gapplan.Schedule absence headroom built into the establishment (fraction; a schedule: read with :get, change with :set, :add, :scale)
---@field cost_per_fte number average annual cost of one substantive FTE (pay and on-costs) at the start (£/yr; a starting value: assign a number, range-checked)
---@field pay_award gapplan.Schedule uplift of the cost per FTE, applied each April (fraction/yr; a schedule: read with :get, change with :set, :add, :scale)
---@field bank_fill gapplan.Schedule share of the staffing gap covered by bank staff (fraction; a schedule: read with :get, change with :set, :add, :scale)
---@field agency_fill gapplan.Schedule share of the staffing gap covered by agency staff (fraction; a schedule: read with :get, change with :set, :add, :scale)
---@field bank_premium gapplan.Schedule bank cost per FTE as a multiple of the substantive cost (multiple; a schedule: read with :get, change with :set, :add, :scale)
---@field clinical boolean counts towards elective capacity (true or false; a starting value)
---@field agency_premium gapplan.Schedule agency cost per FTE as a multiple of the substantive cost (multiple; a schedule: read with :get, change with :set, :add, :scale)
---@field intake_month integer calendar month of the newly qualified intake (month 1-12)

---A unit's revenue (MODEL.md §4).
---@class gapplan.Finance
---@field revenue_envelope gapplan.Schedule recurrent revenue allocation (£/yr; a schedule: read with :get, change with :set, :add, :scale)
---@field non_pay number non-pay costs in the first financial year (£/yr; a starting value: assign a number, range-checked)
---@field non_pay_inflation gapplan.Schedule uplift of non-pay costs, applied each April (fraction/yr; a schedule: read with :get, change with :set, :add, :scale)
---@field efficiency_required gapplan.Schedule efficiency requirement as a share of the cost base (fraction; a schedule: read with :get, change with :set, :add, :scale)
---@field efficiency_achieved gapplan.Schedule share of the efficiency requirement actually delivered (fraction; a schedule: read with :get, change with :set, :add, :scale)
---@field pressures gapplan.Lines named cost pressures (£ a year), e.g. COVID-19 costs
---@field funding gapplan.Lines named extra funding (£ a year), e.g. a settlement
---@field capital gapplan.Capital the capital block

---A unit's capital (MODEL.md §5).
---@class gapplan.Capital
---@field envelope gapplan.Schedule capital allocation (CDEL) (£/yr; a schedule: read with :get, change with :set, :add, :scale)
---@field schemes gapplan.Lines capital schemes (£ a year)

---A unit's elective waiting list (MODEL.md §6).
---@class gapplan.Backlog
---@field waiting_list number waiting list at the start (pathways; a starting value: assign a number, range-checked)
---@field referrals gapplan.Schedule new clock starts per month (pathways/month; a schedule: read with :get, change with :set, :add, :scale)
---@field capacity gapplan.Schedule clock stops per month at the starting workforce (pathways/month; a schedule: read with :get, change with :set, :add, :scale)
---@field hidden_demand number missing referrals not yet on the list at the start (pathways; a starting value: assign a number, range-checked)
---@field hidden_return_rate gapplan.Schedule share of the remaining hidden demand referred each month (fraction/month; a schedule: read with :get, change with :set, :add, :scale)
---@field workforce_elasticity number how strongly capacity follows clinical staffing (number; a starting value: assign a number, range-checked)
---@field longest_first_share gapplan.Schedule share of clock stops taken longest wait first; the rest in proportion (fraction; a schedule: read with :get, change with :set, :add, :scale)
---@field renege_rate gapplan.Schedule share of every waiting bucket removed each month without treatment (fraction/month; a schedule: read with :get, change with :set, :add, :scale)

---The list of a unit's groups: index it by position or by id (an unknown id is an error naming the nearest).
---@class gapplan.Groups
---@field [integer] gapplan.Group
---@field [string] gapplan.Group

---An organisation of the plan.
---@class gapplan.Unit
---@field id string the unit's id (read-only)
---@field name string the unit's name (read-only)
---@field description string the unit's description, or "" (read-only)
---@field groups gapplan.Groups its staff groups
---@field finance gapplan.Finance|nil its revenue and capital, nil when the plan has none
---@field backlog gapplan.Backlog|nil its waiting list, nil when the plan has none

---The list of the plan's units: index it by position or by id.
---@class gapplan.Units
---@field [integer] gapplan.Unit
---@field [string] gapplan.Unit

---The plan a scenario edits, mirroring the plan file with the same names.
---@class gapplan.Plan
---@field name string the plan's name (read-only)
---@field description string the plan's description, or "" (read-only)
---@field start string the first month, "YYYY-MM" (read-only)
---@field months integer the number of months (read-only)
---@field units gapplan.Units the plan's units
local Plan = {}

---Every staff group of every unit, in file order.
---@return gapplan.Group[]
function Plan:groups() end

---Which figure to read: `unit` is a unit id or "all" (default: the only unit, or "all" when there are several);
---`group` a group id or "total" (group series only; default "total"); `month` a month already computed (default:
---the last); `mean` (annual only) a stock's FY mean instead of its closing value.
---@class gapplan.ResultOptions
---@field unit? string
---@field group? string
---@field month? string
---@field mean? boolean

---Results, read-only: a policy's `state` after each month, a metric's `results` after the run. Series names are
---MODEL.md §7's (vacancies, vacancy_rate, available, staffing_gap, agency_cost, revenue_gap, waiting_list, ...).
---The object expires when the call that received it returns.
---@class gapplan.Results
---@field t integer months computed so far (1 = the plan's first month)
---@field month string the label of the last month computed
---@field months integer the plan's number of months
---@field fys string[] the FY labels of the plan
---@field plan gapplan.Plan in a policy: the plan, whose schedules may change from the next month on
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

---A series by FY label: the FY sum for flows, the closing value (or with mean = true the mean) for stocks.
---Metrics only: FY figures need the whole run.
---@param series string
---@param opts? gapplan.ResultOptions
---@return table<string, number>
function Results:annual(series, opts) end

---A param of a scenario: typed and range-checked before apply runs; `--set ID.PARAM=VALUE` overrides the default.
---@class gapplan.ParamSpec
---@field type? "number"|"integer"|"month"|"fy"|"string"|"choice"|"boolean" default: from the default's type
---@field default any the value when not set: required
---@field min? number lowest value allowed (number, integer)
---@field max? number highest value allowed (number, integer)
---@field low? number low end of the uncertainty range (with high), for the uncertainty tools
---@field high? number high end of the uncertainty range (with low)
---@field dist? "uniform"|"triangular" the distribution between low and high (default uniform)
---@field unit? string the unit shown with the value, e.g. "FTE/yr", "£bn", "pp"
---@field doc? string one line saying what the param means
---@field choices? string[] the allowed values of a choice param

---A figure a scenario computes from the finished results; shown in the result file and the workbook.
---@class gapplan.Metric
---@field value fun(results: gapplan.Results, p: table): number|table<string, number> a number, or numbers by FY label
---@field unit? string the figure's unit
---@field doc? string one line saying what it is

---What scenario{} takes.
---@class gapplan.ScenarioDef
---@field id string 1 to 64 characters of a-z, 0-9, _ and -; a file on the plugin path is named ID.lua
---@field title string one line for a board paper
---@field source string the report and figure the scenario reproduces
---@field params? table<string, gapplan.ParamSpec> the scenario's params, by name
---@field apply fun(plan: gapplan.Plan, p: table) edits the plan before the model runs; p holds the params
---@field policy? fun(state: gapplan.Results, t: integer, p: table) called after each month t; may change schedules from t + 1 on
---@field metrics? table<string, gapplan.Metric|fun(results: gapplan.Results, p: table): number|table<string, number>> figures from the results

---A scenario, as scenario{} returns it: the value a plugin file returns.
---@class gapplan.Scenario

---Declare the scenario of this file: `return scenario { ... }`. Every field is checked; a mistake is an error
---naming the nearest field.
---@param def gapplan.ScenarioDef
---@return gapplan.Scenario
function scenario(def) end

---Apply another scenario on the plugin path, from inside apply, with params of your own.
---@param id string the other scenario's id
---@param params? table its params (the rest take their defaults)
function use(id, params) end
