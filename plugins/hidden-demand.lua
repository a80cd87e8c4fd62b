-- The "hidden" waiting list: referrals that did not happen during the pandemic, returning over time.
return scenario {
  id = "hidden-demand",
  title = "7m missing referrals return",
  source = "NHS Confederation, Manifesto for recovery (September 2021): over 7m fewer referrals than expected; "
        .. "NHS England estimates over 10m, so the list could reach 14m (Delivery plan, February 2022)",
  params = {
    missing = { default = 7e6, min = 0, max = 2e7, low = 5e6, high = 1e7, unit = "pathways",
                doc = "missing referrals at the start, shared between units in proportion to their waiting lists" },
    return_rate = { default = 0.03, min = 0, max = 1, low = 0.015, high = 0.05, unit = "fraction/month",
                    doc = "share of the remaining missing referrals that arrive each month" },
    from = { type = "month", default = "2022-04", doc = "first month they return" },
  },
  apply = function(plan, p)
    local total = 0
    for _, u in ipairs(plan.units) do
      if u.backlog then total = total + u.backlog.waiting_list end
    end
    if total <= 0 then error("the plan has no waiting list to share the missing referrals by", 0) end
    for _, u in ipairs(plan.units) do
      if u.backlog then
        u.backlog.hidden_demand = p.missing * u.backlog.waiting_list / total
        u.backlog.hidden_return_rate:set(0)
        u.backlog.hidden_return_rate:set(p.return_rate, { from = p.from })
      end
    end
  end,
}
