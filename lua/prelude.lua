-- lua/prelude.lua: the friendly side of the plugin API, in Lua on top of a few
-- C primitives (STYLE.md "Thin C, friendly Lua"; mpv's defaults.lua).
--
-- It runs once per sandboxed state, before any plugin, and returns:
--   scenario(def)        the constructor a plugin file returns: checks every
--                        field and param and gives back a scenario descriptor
--   use(id, params)      applies another scenario to the plan being edited
--   is_scenario(v)       whether v was made by scenario{}
--   params(desc, texts)  the param values for a run, from defaults and
--                        overrides given as text (`--set ID.PARAM=VALUE`)
--   apply(desc, plan, values)  runs desc.apply with a read-only params view
--
-- Everything it uses is captured below: the real global table is emptied once
-- the prelude has run.

local raw, G = ...

local error, type, pairs, ipairs, next, tostring, tonumber = G.error, G.type, G.pairs, G.ipairs, G.next,
    G.tostring, G.tonumber
local setmetatable, pcall = G.setmetatable, G.pcall
local math_tointeger, math_huge = G.math.tointeger, G.math.huge
local string_format, string_match, string_gsub = G.string.format, G.string.match, G.string.gsub
local table_sort, table_concat = G.table.sort, G.table.concat
local label_kind, nearest, id_valid, load_scenario = raw.label_kind, raw.nearest, raw.id_valid,
    raw.load_scenario

local SCENARIO_FIELDS = { "id", "title", "source", "params", "apply", "policy", "metrics" }
local METRIC_FIELDS = { "value", "unit", "doc" }
local SCENARIO_REQUIRED = { "id", "title", "source", "apply" }
local PARAM_FIELDS = { "type", "default", "min", "max", "low", "high", "dist", "unit", "doc", "choices" }
local TYPES = { "number", "integer", "month", "fy", "string", "choice", "boolean" }
local DISTS = { "uniform", "triangular" }
local RANGE_FIELDS = { "min", "max", "low", "high" }
local LOW_HIGH = { "low", "high" }
local TEXT_FIELDS = { "unit", "doc" }
local HEADING_FIELDS = { "title", "source" }
-- Scenarios applied through use() inside one another, at most.
local USE_DEPTH_MAX = 8

-- scenario{} runs at every apply (mc: 30,000 times a run), under the instruction budget's hook, so the loops
-- over lists here count with numbers: each step of ipairs would be a hooked call of a C function.
local function is_in(list, v)
  for i = 1, #list do
    local x = list[i]
    if x == v then return true end
  end
  return false
end

-- The set of a list's values: a scenario is built again at every step, and its fields are checked against these.
local function set_of(list)
  local set = {}
  for i = 1, #list do
    local x = list[i]
    set[x] = true
  end
  return set
end
local IS_SCENARIO_FIELD, IS_METRIC_FIELD, IS_PARAM_FIELD, IS_TYPE =
    set_of(SCENARIO_FIELDS), set_of(METRIC_FIELDS), set_of(PARAM_FIELDS), set_of(TYPES)

-- " (did you mean x?)" or "".
local function suggest(word, list)
  local near = type(word) == "string" and nearest(word, list) or nil
  return near and (" (did you mean " .. near .. "?)") or ""
end

-- A value as a message shows it: strings quoted.
local function show(v)
  if type(v) == "string" then return string_format("%q", v) end
  return tostring(v)
end

-- ---- params ------------------------------------------------------------------------------

local WANTS = {
  number = "a finite number", integer = "a whole number", month = "a month label (YYYY-MM)",
  fy = "an FY label (YYYY/YY)", string = "a string", boolean = "true or false",
}

-- The value v checked against a param's spec: the value, or nil and why not.
local function check_value(spec, v)
  local t = spec.type
  if t == "number" then
    if type(v) ~= "number" or v ~= v or v == math_huge or v == -math_huge then
      return nil, "expected " .. WANTS[t] .. ", got " .. show(v)
    end
  elseif t == "integer" then
    local i = type(v) == "number" and math_tointeger(v)
    if not i then return nil, "expected " .. WANTS[t] .. ", got " .. show(v) end
    v = i
  elseif t == "month" or t == "fy" then
    if type(v) ~= "string" or label_kind(v) ~= t then return nil, "expected " .. WANTS[t] .. ", got " .. show(v) end
  elseif t == "choice" then
    if type(v) ~= "string" or not is_in(spec.choices, v) then
      return nil, "expected one of " .. table_concat(spec.choices, ", ") .. ", got " .. show(v)
          .. suggest(v, spec.choices)
    end
  elseif type(v) ~= t then -- string, boolean
    return nil, "expected " .. WANTS[t] .. ", got " .. show(v)
  end
  if spec.min ~= nil and v < spec.min then
    return nil, "must be at least " .. show(spec.min) .. ", got " .. show(v)
  end
  if spec.max ~= nil and v > spec.max then
    return nil, "must be at most " .. show(spec.max) .. ", got " .. show(v)
  end
  return v
end

-- A param value given as text on the command line.
local function from_text(spec, text)
  local t = spec.type
  if t == "number" or t == "integer" then
    local v = tonumber(text)
    if v == nil then return nil, "expected " .. WANTS[t] .. ", got " .. show(text) end
    return check_value(spec, v)
  elseif t == "boolean" then
    if text == "true" then return true elseif text == "false" then return false end
    return nil, "expected true or false, got " .. show(text)
  end
  return check_value(spec, text)
end

local function finite(v)
  return type(v) == "number" and v == v and v ~= math_huge and v ~= -math_huge
end

-- An error in a param's declaration, its message prefixed with the scenario's id and the param's name.
local function param_error(sid, name, message)
  error("scenario '" .. sid .. "': param " .. show(name) .. ": " .. message, 0)
end

-- One param's declaration checked and normalised.
local function make_param(sid, name, p)
  if type(name) ~= "string" or not string_match(name, "^[%a_][%w_]*$") then
    param_error(sid, name, "a param name must be a Lua name (letters, digits, _)")
  end
  if type(p) ~= "table" then param_error(sid, name, "expected a table {default = ..., doc = ...}, got " .. type(p)) end
  for k in pairs(p) do
    if not IS_PARAM_FIELD[k] then
      param_error(sid, name, "unknown field " .. show(k) .. suggest(k, PARAM_FIELDS))
    end
  end
  local spec = { name = name }
  for i = 1, #PARAM_FIELDS do
    local k = PARAM_FIELDS[i]
    spec[k] = p[k]
  end
  local d = spec.default
  if d == nil then param_error(sid, name, "missing required field 'default'") end
  if spec.type == nil then
    if type(d) == "number" or type(d) == "boolean" then
      spec.type = type(d)
    elseif type(d) == "string" then
      spec.type = spec.choices ~= nil and "choice" or label_kind(d) or "string"
    else
      param_error(sid, name, "default must be a number, a string or a boolean, got " .. type(d))
    end
  elseif not IS_TYPE[spec.type] then
    param_error(sid, name, "unknown type " .. show(spec.type) .. suggest(spec.type, TYPES)
        .. " (types: " .. table_concat(TYPES, ", ") .. ")")
  end
  local numeric = spec.type == "number" or spec.type == "integer"
  if spec.type == "choice" then
    local c = spec.choices
    if type(c) ~= "table" or #c == 0 then
      param_error(sid, name, "a choice param needs choices = {\"a\", \"b\", ...}")
    end
    for i = 1, #c do
      if type(c[i]) ~= "string" then param_error(sid, name, "choices must be strings") end
    end
  elseif spec.choices ~= nil then
    param_error(sid, name, "'choices' is for choice params, not " .. spec.type)
  end
  for i = 1, #RANGE_FIELDS do
    local k = RANGE_FIELDS[i]
    if spec[k] ~= nil then
      if not numeric then
        param_error(sid, name, "'" .. k .. "' is for number and integer params, not " .. spec.type)
      end
      if not finite(spec[k]) then
        param_error(sid, name, "'" .. k .. "' must be a finite number, got " .. show(spec[k]))
      end
    end
  end
  if spec.min ~= nil and spec.max ~= nil and spec.min > spec.max then
    param_error(sid, name, "min " .. show(spec.min) .. " is above max " .. show(spec.max))
  end
  if (spec.low == nil) ~= (spec.high == nil) then param_error(sid, name, "'low' and 'high' go together") end
  if spec.low ~= nil then
    if spec.low > spec.high then
      param_error(sid, name, "low " .. show(spec.low) .. " is above high " .. show(spec.high))
    end
    for i = 1, #LOW_HIGH do
      local k = LOW_HIGH[i]
      local ok, why = check_value(spec, spec[k])
      if ok == nil then param_error(sid, name, k .. " " .. why) end
    end
    spec.dist = spec.dist == nil and "uniform" or spec.dist
    if not is_in(DISTS, spec.dist) then
      param_error(sid, name, "unknown dist " .. show(spec.dist) .. suggest(spec.dist, DISTS)
          .. " (uniform or triangular)")
    end
  elseif spec.dist ~= nil then
    param_error(sid, name, "'dist' needs a range: low and high")
  end
  for i = 1, #TEXT_FIELDS do
    local k = TEXT_FIELDS[i]
    if spec[k] ~= nil and type(spec[k]) ~= "string" then param_error(sid, name, "'" .. k .. "' must be a string") end
  end
  local ok, why = check_value(spec, d)
  if ok == nil then param_error(sid, name, "default " .. why) end
  spec.default = ok
  if spec.low ~= nil and (ok < spec.low or ok > spec.high) then
    param_error(sid, name, "default " .. show(ok) .. " lies outside low..high "
        .. show(spec.low) .. ".." .. show(spec.high))
  end
  return spec
end

-- ---- scenario{} --------------------------------------------------------------------------

local made = setmetatable({}, { __mode = "k" }) -- descriptors made by scenario{}

local function scenario_error(id, message) error("scenario '" .. id .. "': " .. message, 0) end
local function metric_error(id, name, message)
  error("scenario '" .. id .. "': metric '" .. name .. "': " .. message, 0)
end

local function build(def)
  if type(def) ~= "table" then error("scenario: expected a table scenario{...}, got " .. type(def), 0) end
  for k in pairs(def) do
    if not IS_SCENARIO_FIELD[k] then error("scenario: unknown field " .. show(k) .. suggest(k, SCENARIO_FIELDS), 0) end
  end
  for i = 1, #SCENARIO_REQUIRED do
    local k = SCENARIO_REQUIRED[i]
    if def[k] == nil then error("scenario: missing required field '" .. k .. "'", 0) end
  end
  if not id_valid(def.id) then
    error("scenario: id must be 1 to 64 characters of a-z, 0-9, _ and -, got " .. show(def.id), 0)
  end
  for i = 1, #HEADING_FIELDS do
    local k = HEADING_FIELDS[i]
    if type(def[k]) ~= "string" or def[k] == "" then scenario_error(def.id, k .. " must be a non-empty string") end
  end
  if type(def.apply) ~= "function" then scenario_error(def.id, "apply must be a function(plan, p)") end
  if def.params ~= nil and type(def.params) ~= "table" then scenario_error(def.id, "params must be a table") end
  if def.policy ~= nil and type(def.policy) ~= "function" then
    scenario_error(def.id, "policy must be a function(state, t, p)")
  end
  if def.metrics ~= nil and type(def.metrics) ~= "table" then
    scenario_error(def.id, "metrics must be a table of name = function(results, p) "
        .. "or {value = ..., unit = ..., doc = ...}")
  end
  local desc = { id = def.id, title = def.title, source = def.source, apply = def.apply, policy = def.policy,
                 params = {}, names = {}, metrics = {}, metric_names = {} }
  for name, p in pairs(def.params or {}) do
    desc.params[name] = make_param(def.id, name, p)
    desc.names[#desc.names + 1] = name
  end
  table_sort(desc.names)
  for name, m in pairs(def.metrics or {}) do
    if type(name) ~= "string" or not string_match(name, "^[%a_][%w_]*$") then
      scenario_error(def.id, "a metric's name is a word of letters, digits and _, got " .. show(name))
    end
    if type(m) == "function" then m = { value = m } end
    if type(m) ~= "table" then metric_error(def.id, name, "expected a function(results, p) or a table") end
    for k in pairs(m) do
      if not IS_METRIC_FIELD[k] then
        metric_error(def.id, name, "unknown field " .. show(k) .. suggest(k, METRIC_FIELDS))
      end
    end
    if type(m.value) ~= "function" then metric_error(def.id, name, "value must be a function(results, p)") end
    for i = 1, #TEXT_FIELDS do
      local k = TEXT_FIELDS[i]
      if m[k] ~= nil and type(m[k]) ~= "string" then metric_error(def.id, name, k .. " must be a string") end
    end
    desc.metrics[name] = { value = m.value, unit = m.unit or "", doc = m.doc or "" }
    desc.metric_names[#desc.metric_names + 1] = name
  end
  table_sort(desc.metric_names)
  made[desc] = true
  return desc
end

local function scenario(def)
  local ok, desc = pcall(build, def)
  if not ok then error(desc, 2) end -- at the plugin's line
  return desc
end

-- ---- running -----------------------------------------------------------------------------

-- Param values from `given` (Lua values, or text when as_text) and the defaults.
local function resolve(desc, given, as_text)
  local values = {}
  for name, v in pairs(given) do
    local spec = type(name) == "string" and desc.params[name] or nil
    if not spec then
      error("scenario '" .. desc.id .. "' has no param " .. show(name) .. suggest(name, desc.names), 0)
    end
    local value, why
    if as_text then value, why = from_text(spec, v) else value, why = check_value(spec, v) end
    if value == nil then error("scenario '" .. desc.id .. "': param '" .. name .. "': " .. why, 0) end
    values[name] = value
  end
  for i = 1, #desc.names do
    local name = desc.names[i]
    if values[name] == nil then values[name] = desc.params[name].default end
  end
  return values
end

-- What apply sees as p: reading a param that does not exist is an error, as for globals.
local function params_view(desc, values)
  return setmetatable({}, {
    __index = function(_, k)
      local v = values[k]
      if v == nil then error("scenario '" .. desc.id .. "' has no param " .. show(k) .. suggest(k, desc.names), 2) end
      return v
    end,
    __newindex = function(_, k) error("params are read-only (param " .. show(k) .. ")", 2) end,
    __pairs = function() return next, values, nil end,
    __metatable = false,
  })
end

local current, active, depth = nil, {}, 0 -- the plan under edit, ids being applied, how deep
local loaded = {}                         -- id -> descriptor, for use()

local function apply(desc, plan, values)
  current, active, depth = plan, { [desc.id] = true }, 1
  desc.apply(plan, params_view(desc, values))
  current, active, depth = nil, {}, 0
end

local function use(id, args)
  if type(id) ~= "string" then error("use: expected a scenario id, got " .. type(id), 2) end
  if args ~= nil and type(args) ~= "table" then error("use: params must be a table, got " .. type(args), 2) end
  if not current then error("use: only inside a scenario's apply", 2) end
  if active[id] then error("use: scenario '" .. id .. "' is already being applied (use() would loop)", 2) end
  if depth >= USE_DEPTH_MAX then error("use: scenarios nest more than " .. USE_DEPTH_MAX .. " deep", 2) end
  local desc = loaded[id]
  if not desc then
    local found, chunk, file = pcall(load_scenario, id)
    if not found then -- the loader's message, at the plugin's line rather than the prelude's
      error((string_gsub(tostring(chunk), "^gapplan prelude:%d+: ", "")), 2)
    end
    desc = chunk()
    if not made[desc] then error("use: " .. file .. " must return scenario{...}", 2) end
    if desc.id ~= id then error("use: " .. file .. " holds scenario '" .. desc.id .. "', not '" .. id .. "'", 2) end
    loaded[id] = desc
  end
  local ok, values = pcall(resolve, desc, args or {}, false)
  if not ok then error("use: " .. values, 2) end
  active[id], depth = true, depth + 1
  desc.apply(current, params_view(desc, values))
  active[id], depth = nil, depth - 1
end

-- The function a run calls after each period t (1-based in Lua): the scenario's policy with the params apply
-- had, their read-only view made once for the whole run rather than once a month.
local function policy(desc, values)
  local fn, p = desc.policy, params_view(desc, values)
  return function(state, t) fn(state, t, p) end
end

-- A metric's value: a number, or a table of numbers by FY label (checked by the C side).
local function metric(desc, name, results, values)
  return desc.metrics[name].value(results, params_view(desc, values))
end

-- A state kept for another step (gp_sandbox_reset): forget the scenarios use() loaded, which hold the last
-- step's closures, and an apply an error cut short.
local function reset()
  current, active, depth, loaded = nil, {}, 0, {}
end

return {
  reset = reset,
  scenario = scenario,
  policy = policy,
  metric = metric,
  use = use,
  is_scenario = function(v) return made[v] == true end,
  params = function(desc, texts) return resolve(desc, texts, true) end,
  apply = apply,
}
