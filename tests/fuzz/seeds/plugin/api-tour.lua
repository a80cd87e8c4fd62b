-- Seed for fuzz_plugin: calls every part of the plugin API once, so mutations start from real calls.
return scenario {
  id = "api-tour", title = "Every API call", source = "tests/fuzz",
  params = {
    amount = { default = 0.01, min = 0, max = 0.5, low = 0.005, high = 0.02, unit = "fraction", doc = "d" },
    from = { type = "month", default = "2023-01" },
    fy = { type = "fy", default = "2023/24" },
    n = { type = "integer", default = 3, min = 0, max = 12 },
    pick = { type = "choice", default = "a", choices = { "a", "b" } },
    on = { type = "boolean", default = true },
    label = { type = "string", default = "x" },
  },
  apply = function(plan, p)
    for _, g in ipairs(plan:groups()) do
      g.leaver_rate:add(p.amount, { from = p.from, ramp = p.n })
      g.absence_rate:scale(0.9, { from = p.fy, to = "2024-03" })
      g.establishment:set(g.establishment:get(p.from) * 1.01, { from = p.fy })
    end
    local u = plan.units.north
    u.groups.nurses.international:add(100, { from = "2023/24", to = "2023/24" })
    u.finance.pressures:add { name = "Fuzz pressure", amounts = { ["2023/24"] = 1e6 } }
    u.finance.funding:add { name = "Fuzz funding", amounts = 5e5 }
    u.finance.capital.schemes:add { name = "Fuzz scheme", amounts = { ["2023-01"] = 1e5 } }
    u.backlog.referrals:scale(1.05, { ramp = 6 })
    u.backlog.capacity:add(100)
    local s = string.format("%s %d %s %s", p.label, p.n, p.pick, tostring(p.on))
    assert(#s > 0 and math.floor(math.random() * 0) == 0 and os.time() > 0)
    for k, v in pairs(p) do local _ = k, v end
  end,
}
