return scenario {
  id = "string-rep-bomb", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    local s = string.rep("x", 1e15)
  end,
}
