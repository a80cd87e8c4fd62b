return scenario {
  id = "default-out-of-range", title = "Bad input", source = "tests/bad",
  params = { points = { default = 9, min = 0, max = 5 } },
  apply = function(plan, p)
  end,
}
