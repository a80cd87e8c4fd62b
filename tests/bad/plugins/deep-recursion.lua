return scenario {
  id = "deep-recursion", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    local function f(n) return 1 + f(n + 1) end
    f(1)
  end,
}
