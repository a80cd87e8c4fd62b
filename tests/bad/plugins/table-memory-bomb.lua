return scenario {
  id = "table-memory-bomb", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    local t = {}
    for i = 1, 1e9 do t[i] = { i, i, i } end
  end,
}
