-- International recruitment of nurses, on top of what the plan already assumes.
return scenario {
  id = "international-nurses",
  title = "10,000 more international nurses a year",
  source = "Delivery plan for tackling the COVID-19 backlog of elective care (NHS England, February 2022; "
        .. "BMA member summary): international recruitment of more than 10,000 nurses in 2021/22",
  params = {
    per_year = { default = 10000, min = 0, max = 50000, low = 7500, high = 12500, unit = "FTE/yr",
                 doc = "nurses recruited abroad each year, added to the plan's international recruitment" },
    group = { type = "string", default = "nurses", doc = "id of the nursing staff group in every unit that has it" },
    from = { type = "month", default = "2022-04", doc = "first month of the extra recruitment" },
    to = { type = "fy", default = "2026/27", doc = "last FY of the extra recruitment" },
  },
  apply = function(plan, p)
    local found = 0
    for _, g in ipairs(plan:groups()) do
      if g.id == p.group then
        g.international:add(p.per_year, { from = p.from, to = p.to })
        found = found + 1
      end
    end
    if found == 0 then error("no staff group '" .. p.group .. "' in the plan: set international-nurses.group", 0) end
  end,
}
