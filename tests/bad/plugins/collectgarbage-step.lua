return scenario {
  id = "collectgarbage-step", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    collectgarbage("step")
  end,
}
