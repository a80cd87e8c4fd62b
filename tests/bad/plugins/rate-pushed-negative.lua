return scenario {
  id = "rate-pushed-negative", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    plan.units.england.groups.nurses.leaver_rate:add(-1)
  end,
}
