-- Test fixture: see loop-a.lua.
return scenario {
  id = "loop-b", title = "Loop B", source = "tests",
  apply = function(plan, p) use("loop-a") end,
}
