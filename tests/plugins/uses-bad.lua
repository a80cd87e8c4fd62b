-- Test fixture: uses base-add with a value over its max, and an unknown scenario after.
return scenario {
  id = "uses-bad", title = "Bad use", source = "tests",
  params = { which = { type = "choice", choices = { "range", "missing", "wrong", "loop" }, default = "range" } },
  apply = function(plan, p)
    if p.which == "range" then use("base-add", { amount = 0.5 })
    elseif p.which == "missing" then use("no-such-scenario")
    elseif p.which == "wrong" then use("wrong-id")
    else use("loop-a") end
  end,
}
