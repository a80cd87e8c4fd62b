-- A recruitment drive for healthcare support workers: `total` extra joiners spread evenly over `months`.
return scenario {
  id = "hcsw-recruitment",
  title = "Recruit 5,000 healthcare support workers",
  source = "Delivery plan for tackling the COVID-19 backlog of elective care (NHS England, February 2022; "
        .. "BMA member summary): recruit 5,000 healthcare support workers",
  params = {
    total = { default = 5000, min = 0, max = 50000, low = 3000, high = 6000, unit = "FTE",
              doc = "extra healthcare support workers recruited over the drive" },
    months = { type = "integer", default = 12, min = 1, max = 60, unit = "months", doc = "length of the drive" },
    from = { type = "month", default = "2022-04", doc = "first month of the drive" },
    group = { type = "string", default = "hcsw", doc = "id of the support worker group" },
  },
  apply = function(plan, p)
    local groups = {}
    for _, g in ipairs(plan:groups()) do
      if g.id == p.group then groups[#groups + 1] = g end
    end
    if #groups == 0 then error("no staff group '" .. p.group .. "' in the plan: set hcsw-recruitment.group", 0) end
    -- other_joiners is FTE a year spread evenly: total over `months` is total * 12 / months a year,
    -- shared between the units that have the group.
    local y, m = p.from:match("^(%d+)-(%d+)$")
    local last = tonumber(y) * 12 + tonumber(m) - 1 + p.months - 1
    local to = string.format("%04d-%02d", last // 12, last % 12 + 1)
    for _, g in ipairs(groups) do
      g.other_joiners:add(p.total * 12 / p.months / #groups, { from = p.from, to = to })
    end
  end,
}
