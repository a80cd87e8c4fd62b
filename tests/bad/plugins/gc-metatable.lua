return scenario {
  id = "gc-metatable", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    setmetatable({}, { __gc = function() while true do end end })
  end,
}
