return scenario {
  id = "runtime-error", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    local t = nil
    local x = t.field
  end,
}
