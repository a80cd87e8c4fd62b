return scenario {
  id = "undefined-global", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    local n = pointz + 1
  end,
}
