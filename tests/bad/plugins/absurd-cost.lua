return scenario {
  id = "absurd-cost", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    -- a finite input whose results overflow: the run must stop naming the series and where
    plan.units.england.groups.nurses.cost_per_fte = 1e308
  end,
}
