-- Elective capacity rising to 130% of its pre-pandemic level by 2024/25, phased in linearly.
return scenario {
  id = "elective-recovery",
  title = "Elective activity 30% above pre-pandemic by 2024/25",
  source = "Delivery plan for tackling the COVID-19 backlog of elective care (NHS England, February 2022; "
        .. "BMA member summary): around 30% more elective activity by 2024/25 than before the pandemic",
  params = {
    target = { default = 1.30, min = 0.5, max = 2, low = 1.2, high = 1.35, unit = "multiple",
               doc = "capacity at the start of `by`, as a multiple of the pre-pandemic level" },
    current_share = { default = 1.0, min = 0.1, max = 2, unit = "multiple",
                      doc = "the plan's capacity as a multiple of the pre-pandemic level (1: the plan's "
                         .. "capacity is the pre-pandemic level)" },
    from = { type = "month", default = "2022-04", doc = "first month of the rise" },
    by = { type = "fy", default = "2024/25", doc = "the FY from whose start capacity is at the target" },
  },
  apply = function(plan, p)
    local fy, fm = p.from:match("^(%d+)-(%d+)$")
    local months = tonumber(p.by:sub(1, 4)) * 12 + 3 - (tonumber(fy) * 12 + tonumber(fm) - 1)
    if months < 1 then error("elective-recovery: `by` (" .. p.by .. ") must start after `from` (" .. p.from .. ")", 0) end
    local n = 0
    for _, u in ipairs(plan.units) do
      if u.backlog then
        u.backlog.capacity:scale(p.target / p.current_share, { from = p.from, ramp = months })
        n = n + 1
      end
    end
    if n == 0 then error("the plan has no waiting list (no unit has a backlog block)", 0) end
  end,
}
