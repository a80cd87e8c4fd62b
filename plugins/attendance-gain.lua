-- Better attendance: every staff group's sickness absence falls by `points` percentage points.
-- On the England example (1.2m FTE in post) one point is 12,000 more available FTE.
return scenario {
  id = "attendance-gain",
  title = "Improve attendance by one percentage point",
  source = "Delivery plan for tackling the COVID-19 backlog of elective care (NHS England, February 2022; "
        .. "BMA member summary): improving attendance nationally by around 1% could amount to as many as "
        .. "12,000 WTE",
  params = {
    points = { default = 1.0, min = 0, max = 2, low = 0.5, high = 1.5, unit = "pp",
               doc = "fall in every group's sickness absence rate, in percentage points (at most 2: a group "
                  .. "whose absence would go below zero is an error)" },
    from = { type = "month", default = "2022-04", doc = "first month of the improvement" },
    ramp = { type = "integer", default = 0, min = 0, max = 60, unit = "months",
             doc = "months over which the fall phases in linearly (0: all at once)" },
  },
  apply = function(plan, p)
    for _, g in ipairs(plan:groups()) do
      g.absence_rate:add(-p.points / 100, { from = p.from, ramp = p.ramp })
    end
  end,
}
