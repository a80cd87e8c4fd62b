return scenario {
  id = "infinite-loop", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    local n = 0
    while true do n = n + 1 end
  end,
}
