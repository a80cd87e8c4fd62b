-- A cap on what agency staff may cost, as a multiple of substantive pay (the agency premium).
--
-- The £125-an-hour example: a trust was offered agency operating department practitioners at £125 an hour.
-- Taking, for illustration, a substantive ODP at about £40,000 a year with on-costs over about 1,600 working
-- hours (£25 an hour), that agency rate is a premium of about 5. A cap of 1.5 holds the same hour to about
-- £37.50. The plan's agency_premium holds the average premium of each staff group; the cap applies to every
-- month in which that average is above it (months below the cap are left alone), from `from` on.
return scenario {
  id = "agency-cap",
  title = "Cap the agency premium",
  source = "NHS Confederation, Integration and innovation in action: tackling the elective backlog (7 October "
        .. "2021): operating department practitioners offered by an agency at £125 an hour",
  params = {
    cap = { default = 1.5, min = 1, max = 10, low = 1.3, high = 1.8, unit = "multiple",
            doc = "highest agency cost per FTE as a multiple of the substantive cost" },
    from = { type = "month", default = "2022-04", doc = "first month of the cap" },
  },
  apply = function(plan, p)
    local y, m = plan.start:match("^(%d+)-(%d+)$")
    local first = tonumber(y) * 12 + tonumber(m) - 1
    for _, g in ipairs(plan:groups()) do
      for t = 0, plan.months - 1 do
        local label = string.format("%04d-%02d", (first + t) // 12, (first + t) % 12 + 1)
        if label >= p.from and g.agency_premium:get(label) > p.cap then
          g.agency_premium:set(p.cap, { from = label, to = label })
        end
      end
    end
  end,
}
