-- Test fixture for mc: fails whenever its sampled param is drawn above 0.9, as a plugin would on a value it
-- cannot handle.
return scenario {
  id = "mc-fail",
  title = "Fails at high values",
  source = "tests",
  params = { level = { default = 0.5, min = 0, max = 1, low = 0, high = 1, doc = "fails above 0.9" } },
  apply = function(plan, p)
    if p.level > 0.9 then error("level " .. p.level .. " is too high") end
  end,
}
