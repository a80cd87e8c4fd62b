-- Test fixture: adds `amount` to every group's leaver rate.
return scenario {
  id = "base-add",
  title = "Add to leaver rates",
  source = "tests",
  params = { amount = { default = 0.01, min = 0, max = 0.1, unit = "fraction/yr", doc = "added to leaver_rate" } },
  apply = function(plan, p)
    for _, g in ipairs(plan:groups()) do g.leaver_rate:add(p.amount) end
  end,
}
