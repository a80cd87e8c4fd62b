return scenario {
  id = "coroutine-chain", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    local co = coroutine.create(function() end)
  end,
}
