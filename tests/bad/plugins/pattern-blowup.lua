return scenario {
  id = "pattern-blowup", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    local r = ("a"):rep(400):find(("a-"):rep(3) .. "b")
  end,
}
