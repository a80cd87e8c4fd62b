-- Training places commissioned each year become newly qualified staff after the course, less attrition.
--
-- Extra places rise linearly: in the k-th FY of the programme (k = 1, 2, ...) the extra places are
-- base_places * growth * min(k, years) / years, so they reach `growth` (80%) more after `years` (10).
-- Places commissioned in FY f qualify in FY f + course_years, (1 - attrition) of them, arriving as the
-- group's newly qualified intake. Only the extra graduates are added to the plan's own figures.
return scenario {
  id = "training-pipeline",
  title = "Nursing training places rising by 80% over a decade",
  source = "Training places are how national workforce plans grow supply (e.g. nursing places rising by 80% "
        .. "over a decade); NHS Confederation, Manifesto for recovery (September 2021): 93,806 FTE vacancies",
  params = {
    group = { type = "string", default = "nurses", doc = "id of the staff group the graduates join" },
    base_places = { default = 30000, min = 0, max = 500000, unit = "places/yr",
                    doc = "training places commissioned a year before the programme" },
    growth = { default = 0.8, min = 0, max = 5, low = 0.5, high = 1.0, unit = "fraction",
               doc = "rise in places after `years` (0.8: 80% more)" },
    years = { type = "integer", default = 10, min = 1, max = 30, unit = "years", doc = "years to reach the rise" },
    course_years = { type = "integer", default = 3, min = 1, max = 10, unit = "years", doc = "length of the course" },
    attrition = { default = 0.2, min = 0, max = 1, low = 0.15, high = 0.3, unit = "fraction",
                  doc = "share of students who do not qualify" },
    first_fy = { type = "fy", default = "2022/23", doc = "the first FY of extra places" },
  },
  apply = function(plan, p)
    local groups = {}
    for _, g in ipairs(plan:groups()) do
      if g.id == p.group then groups[#groups + 1] = g end
    end
    if #groups == 0 then error("no staff group '" .. p.group .. "' in the plan: set training-pipeline.group", 0) end
    local y, m = plan.start:match("^(%d+)-(%d+)$")
    local first_month = tonumber(y) * 12 + tonumber(m) - 1
    local last_month = first_month + plan.months - 1
    local last_fy = (last_month - 3) // 12 -- the FY of the plan's last month, by its starting year
    local start = tonumber(p.first_fy:sub(1, 4))
    for year = start + p.course_years, last_fy do
      local k = year - p.course_years - start + 1 -- the commissioning year of this FY's graduates
      local extra = p.base_places * p.growth * math.min(k, p.years) / p.years * (1 - p.attrition)
      local label = string.format("%d/%02d", year, (year + 1) % 100)
      for _, g in ipairs(groups) do
        g.newly_qualified:add(extra / #groups, { from = label, to = label })
      end
    end
  end,
}
