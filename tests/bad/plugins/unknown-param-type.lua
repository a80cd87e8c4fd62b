return scenario {
  id = "unknown-param-type", title = "Bad input", source = "tests/bad",
  params = { points = { type = "float", default = 1 } },
  apply = function(plan, p)
  end,
}
