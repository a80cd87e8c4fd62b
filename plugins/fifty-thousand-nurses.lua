-- The commitment to 50,000 more nurses, phased evenly as extra joiners until the end of `by`.
return scenario {
  id = "fifty-thousand-nurses",
  title = "50,000 more nurses",
  source = "Delivery plan for tackling the COVID-19 backlog of elective care (NHS England, February 2022; "
        .. "BMA member summary): the commitment to recruit 50,000 additional nurses",
  params = {
    total = { default = 50000, min = 0, max = 200000, low = 40000, high = 50000, unit = "FTE",
              doc = "extra nurses joining over the period (shared between units by nursing staff in post)" },
    from = { type = "month", default = "2022-04", doc = "first month of the extra joiners" },
    by = { type = "fy", default = "2024/25", doc = "the last FY of the commitment" },
    group = { type = "string", default = "nurses", doc = "id of the nursing staff group" },
  },
  apply = function(plan, p)
    local groups, staff = {}, 0
    for _, g in ipairs(plan:groups()) do
      if g.id == p.group then
        groups[#groups + 1] = g
        staff = staff + g.staff_in_post
      end
    end
    if #groups == 0 then error("no staff group '" .. p.group .. "' in the plan: set fifty-thousand-nurses.group", 0) end
    local y, m = p.from:match("^(%d+)-(%d+)$")
    local months = tonumber(p.by:sub(1, 4)) * 12 + 15 - (tonumber(y) * 12 + tonumber(m) - 1)
    if months < 1 then error("fifty-thousand-nurses: `by` (" .. p.by .. ") ends before `from` (" .. p.from .. ")", 0) end
    for _, g in ipairs(groups) do
      local share = staff > 0 and g.staff_in_post / staff or 1 / #groups
      g.other_joiners:add(p.total * 12 / months * share, { from = p.from, to = p.by })
    end
  end,
}
