return scenario {
  id = "unknown-field-of-group", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    plan.units.england.groups.nurses.leavers_rate:add(0.01)
  end,
}
