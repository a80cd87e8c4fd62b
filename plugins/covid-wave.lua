-- A winter COVID-19 wave: sickness absence spikes and elective capacity is lost for a few months.
return scenario {
  id = "covid-wave",
  title = "A winter COVID-19 wave",
  source = "NHS Confederation, Integration and innovation in action (7 October 2021): elective activity held at "
        .. "50-60% of normal through the second wave by one trust; Getting the NHS back on track (2020)",
  params = {
    from = { type = "month", default = "2022-12", doc = "first month of the wave" },
    months = { type = "integer", default = 3, min = 1, max = 24, unit = "months", doc = "length of the wave" },
    absence_points = { default = 3, min = 0, max = 20, low = 1, high = 6, unit = "pp",
                       doc = "rise in every group's sickness absence rate during the wave" },
    capacity_loss = { default = 0.2, min = 0, max = 1, low = 0.1, high = 0.5, unit = "fraction",
                      doc = "share of elective capacity lost during the wave" },
  },
  apply = function(plan, p)
    local y, m = p.from:match("^(%d+)-(%d+)$")
    local last = tonumber(y) * 12 + tonumber(m) - 1 + p.months - 1
    local to = string.format("%04d-%02d", last // 12, last % 12 + 1)
    for _, g in ipairs(plan:groups()) do
      g.absence_rate:add(p.absence_points / 100, { from = p.from, to = to })
    end
    for _, u in ipairs(plan.units) do
      if u.backlog then u.backlog.capacity:scale(1 - p.capacity_loss, { from = p.from, to = to }) end
    end
  end,
}
