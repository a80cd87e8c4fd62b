-- Test fixture for the uncertainty commands: every group's absence rate rises by `points`, so available FTE
-- falls linearly in it (by staff in post x points).
return scenario {
  id = "mc-linear",
  title = "Absence up by a sampled share",
  source = "tests",
  params = {
    points = { default = 0.01, min = 0, max = 0.05, low = 0, high = 0.02, unit = "fraction",
               doc = "added to every absence rate" },
  },
  apply = function(plan, p)
    for _, g in ipairs(plan:groups()) do g.absence_rate:add(p.points) end
  end,
}
