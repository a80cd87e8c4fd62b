return scenario {
  id = "bad-from-label", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    plan.units.england.groups.nurses.leaver_rate:add(0.01, { from = "2022-13" })
  end,
}
