return scenario {
  id = "unknown-group", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    plan.units.england.groups.nurse.leaver_rate:add(0.01)
  end,
}
