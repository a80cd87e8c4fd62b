-- Test fixture for solve: joiners rise then fall as `x` goes from 0 to 100, so no single threshold exists.
return scenario {
  id = "mc-hump",
  title = "A lever with a hump",
  source = "tests",
  params = { x = { default = 50, min = 0, max = 100, low = 0, high = 100, doc = "the lever" } },
  apply = function(plan, p)
    for _, g in ipairs(plan:groups()) do g.international:add(2500 - (p.x - 50) ^ 2) end
  end,
}
