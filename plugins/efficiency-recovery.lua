-- Efficiency delivery returning to the 1.1% a year the five-year budget assumed.
return scenario {
  id = "efficiency-recovery",
  title = "Efficiency delivery back to 1.1% a year",
  source = "NHS Confederation, Manifesto for recovery (September 2021): the 1.1% annual efficiency assumed in "
        .. "the five-year budget is not achievable in the short term",
  params = {
    rate = { default = 0.011, min = 0, max = 0.1, low = 0.008, high = 0.015, unit = "fraction/yr",
             doc = "efficiency requirement as a share of the cost base" },
    from = { type = "month", default = "2022-04", doc = "first month of the recovery" },
    ramp = { type = "integer", default = 12, min = 0, max = 60, unit = "months",
             doc = "months until the requirement is delivered in full" },
  },
  apply = function(plan, p)
    local n = 0
    for _, u in ipairs(plan.units) do
      if u.finance then
        u.finance.efficiency_required:set(p.rate, { from = p.from })
        u.finance.efficiency_achieved:set(1, { from = p.from, ramp = p.ramp })
        n = n + 1
      end
    end
    if n == 0 then error("the plan has no finance block to deliver efficiency in", 0) end
  end,
}
