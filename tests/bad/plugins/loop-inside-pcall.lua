return scenario {
  id = "loop-inside-pcall", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    for i = 1, 100 do pcall(function() while true do end end) end
  end,
}
