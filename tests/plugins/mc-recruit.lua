-- Test fixture for solve: `per_year` more international recruits in every group, a lever whose effect on
-- vacancies can be worked out by hand.
return scenario {
  id = "mc-recruit",
  title = "International recruits a year",
  source = "tests",
  params = {
    per_year = { default = 0, min = 0, max = 100000, low = 0, high = 240, unit = "FTE/yr",
                 doc = "added to every group's international recruitment" },
    cohorts = { type = "integer", default = 1, min = 0, max = 10, low = 0, high = 4,
                doc = "groups of 12 FTE a year on top of per_year" },
  },
  apply = function(plan, p)
    for _, g in ipairs(plan:groups()) do g.international:add(p.per_year + 12 * p.cohorts) end
  end,
}
