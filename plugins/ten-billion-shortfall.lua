-- "£10bn needed, £6.75bn given": the 2022/23 settlement against what the frontline NHS said it needed.
--
-- The requirement in 2022/23 is COVID-19 costs (£4.6bn) + backlog recovery (£4bn) + the efficiency the
-- plan assumed but cannot deliver (1.1% of the cost base, about £1.7bn on the England example): about
-- £10bn. Against it the Spending Review settlement (£6.75bn, the middle of £6.5-7bn) leaves the gap.
-- Backlog recovery continues for three years; COVID-19 costs and the settlement are 2022/23's.
-- The figures are national: a plan for part of the NHS carries `national_share` of them (about 0.0026 for a
-- trust of £400m turnover), shared between its units in proportion to their revenue envelopes in the first FY.
return scenario {
  id = "ten-billion-shortfall",
  title = "£10bn needed, £6.75bn given",
  source = "NHS Confederation, Manifesto for recovery (September 2021): the frontline NHS needs around £10bn "
        .. "extra in 2022/23: £4-5bn of COVID-19 costs (estimated at £4.6bn), £3.5-4.5bn a year for three years "
        .. "to recover the backlogs, and the 1.1% efficiency is not achievable in the short term; the Spending "
        .. "Review gives £6.5-7bn",
  params = {
    covid = { default = 4.6, min = 0, max = 20, low = 4, high = 5, unit = "£bn",
              doc = "COVID-19 costs in the first FY" },
    backlog = { default = 4.0, min = 0, max = 20, low = 3.5, high = 4.5, unit = "£bn/yr",
                doc = "backlog recovery costs each year for `backlog_years` FYs" },
    backlog_years = { type = "integer", default = 3, min = 0, max = 10, unit = "FYs",
                      doc = "FYs of backlog recovery costs" },
    efficiency_delivered = { default = 0, min = 0, max = 1, low = 0, high = 0.5, unit = "fraction",
                             doc = "share of the efficiency requirement delivered in the first FY" },
    settlement = { default = 6.75, min = 0, max = 20, low = 6.5, high = 7, unit = "£bn",
                   doc = "extra funding in the first FY (the Spending Review settlement)" },
    fy = { type = "fy", default = "2022/23", doc = "the FY of the settlement" },
    national_share = { default = 1, min = 0, max = 1, unit = "fraction",
                       doc = "share of the national figures this plan carries (1: the plan is the NHS in England)" },
  },
  apply = function(plan, p)
    local first = tonumber(p.fy:sub(1, 4))
    local function fy(k) return string.format("%d/%02d", first + k, (first + k + 1) % 100) end
    local april = p.fy:sub(1, 4) .. "-04" -- schedules are read by month
    local units, total = {}, 0
    for _, u in ipairs(plan.units) do
      if u.finance then
        units[#units + 1] = u
        total = total + u.finance.revenue_envelope:get(april)
      end
    end
    if total <= 0 then error("the plan has no revenue envelope in " .. p.fy .. " to share the amounts by", 0) end
    for _, u in ipairs(units) do
      local share = p.national_share * u.finance.revenue_envelope:get(april) / total
      local f = u.finance
      -- A schedule keyed by FY holds its first value before its first key: the zero for the FY before keeps a
      -- plan that starts earlier (a trust's, say in 2021-07) from carrying these amounts back into it.
      f.pressures:add { name = "COVID-19 costs", amounts = { [fy(-1)] = 0, [fy(0)] = p.covid * 1e9 * share, [fy(1)] = 0 } }
      local backlog = { [fy(-1)] = 0 }
      for k = 0, p.backlog_years - 1 do backlog[fy(k)] = p.backlog * 1e9 * share end
      backlog[fy(p.backlog_years)] = 0
      f.pressures:add { name = "Backlog recovery", amounts = backlog }
      f.funding:add { name = "Spending Review settlement", amounts = { [fy(-1)] = 0, [fy(0)] = p.settlement * 1e9 * share,
                                                                       [fy(1)] = 0 } }
      f.efficiency_achieved:set(p.efficiency_delivered, { from = fy(0), to = fy(0) })
    end
  end,
}
