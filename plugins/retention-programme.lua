-- A retention programme: every group's leaver rate falls by a share of itself, phased in.
return scenario {
  id = "retention-programme",
  title = "Retention programme: leaver rates 10% lower",
  source = "NHS Confederation, Manifesto for recovery (September 2021): 59% of leaders worried too many staff "
        .. "will leave in the next year; retention is the first lever on the 93,806 FTE vacancies",
  params = {
    reduction = { default = 0.10, min = 0, max = 0.5, low = 0.05, high = 0.15, unit = "fraction",
                  doc = "relative fall in every leaver rate: 0.1 turns 10% a year into 9%" },
    from = { type = "month", default = "2022-04", doc = "first month of the programme" },
    ramp = { type = "integer", default = 12, min = 0, max = 60, unit = "months",
             doc = "months to reach the full effect" },
    clinical_only = { type = "boolean", default = false, doc = "only the clinical staff groups" },
  },
  apply = function(plan, p)
    for _, g in ipairs(plan:groups()) do
      if g.clinical or not p.clinical_only then
        g.leaver_rate:scale(1 - p.reduction, { from = p.from, ramp = p.ramp })
      end
    end
  end,
}
