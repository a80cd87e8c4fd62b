return scenario {
  id = "string-metatable", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    local mt = getmetatable("")
    mt.__index.dump(print)
  end,
}
