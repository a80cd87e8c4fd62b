return scenario {
  id = "string-dump", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    local s = string.dump(function() end)
  end,
}
