-- NHS reservists: a contingency pool joining the clinical groups as other joiners, shared between the
-- clinical groups of every unit in proportion to their staff in post.
return scenario {
  id = "reservists",
  title = "17,000 NHS reservists",
  source = "Delivery plan for tackling the COVID-19 backlog of elective care (NHS England, February 2022; "
        .. "BMA member summary): 17,000+ NHS reservists in a contingency staffing model",
  params = {
    total = { default = 17000, min = 0, max = 100000, low = 12000, high = 20000, unit = "FTE",
              doc = "reservists who join over the period" },
    months = { type = "integer", default = 12, min = 1, max = 60, unit = "months",
               doc = "months over which they join, evenly" },
    from = { type = "month", default = "2022-04", doc = "first month they join" },
  },
  apply = function(plan, p)
    local clinical, staff = {}, 0
    for _, g in ipairs(plan:groups()) do
      if g.clinical then
        clinical[#clinical + 1] = g
        staff = staff + g.staff_in_post
      end
    end
    if staff <= 0 then error("the plan has no clinical staff for reservists to join", 0) end
    local y, m = p.from:match("^(%d+)-(%d+)$")
    local last = tonumber(y) * 12 + tonumber(m) - 1 + p.months - 1
    local to = string.format("%04d-%02d", last // 12, last % 12 + 1)
    for _, g in ipairs(clinical) do
      g.other_joiners:add(p.total * 12 / p.months * g.staff_in_post / staff, { from = p.from, to = to })
    end
  end,
}
