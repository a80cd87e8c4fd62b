-- examples/my-scenario.lua: a scenario to copy and make your own (docs/plugins.md explains every line).
--
-- Run it on the England example:
--   build/bin/gapplan run examples/england-2022.json -s examples/my-scenario.lua -o out/my-scenario.json
-- Change a param without editing the file:
--   build/bin/gapplan run examples/england-2022.json -s examples/my-scenario.lua \
--       --set my-scenario.per_year=3000 -o out/my-scenario.json
--
-- What it does: a local recruitment drive for one staff group, phased in over a few months, paid for by a
-- named funding line, so the board sees both the extra staff and what they cost.
return scenario {
  id = "my-scenario",                    -- how -s and --set name it: letters, digits, - and _
  title = "Local recruitment drive for theatre staff",
  source = "Illustrative: our workforce plan, board paper of March 2022 (replace with your own reference)",

  -- Every param has a default, a unit and a line saying what it means. `gapplan plugins show` lists them.
  params = {
    group = { type = "string", default = "ahp", doc = "id of the staff group to recruit into" },
    per_year = { default = 2000, min = 0, max = 20000, low = 1000, high = 3000, unit = "FTE/yr",
                 doc = "extra recruits a year once the drive is at full speed" },
    from = { type = "month", default = "2022-10", doc = "first month of the drive" },
    ramp = { type = "integer", default = 6, min = 0, max = 24, unit = "months",
             doc = "months for the drive to reach full speed" },
    cost_per_recruit = { default = 3000, min = 0, max = 50000, unit = "£",
                         doc = "one-off cost of recruiting one person (adverts, agency fees, relocation)" },
  },

  -- apply edits the plan before the model runs. `plan` mirrors the plan file: plan.units, unit.groups,
  -- group.other_joiners, unit.finance ... with the same names as in the JSON.
  apply = function(plan, p)
    for _, unit in ipairs(plan.units) do
      for _, g in ipairs(unit.groups) do
        if g.id == p.group then
          -- other_joiners is FTE a year, spread over the months; the ramp phases the drive in.
          g.other_joiners:add(p.per_year, { from = p.from, ramp = p.ramp })
          -- The drive's cost, as a named pressure on the unit's budget (£ a year), from the drive's first
          -- month: a schedule keyed by month holds each value until the next key, so start it at 0.
          if unit.finance then
            unit.finance.pressures:add { name = "Recruitment drive: " .. g.id,
                                         amounts = { [plan.start] = 0, [p.from] = p.per_year * p.cost_per_recruit } }
          end
        end
      end
    end
  end,
}
