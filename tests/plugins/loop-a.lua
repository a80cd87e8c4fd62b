-- Test fixture: loop-a uses loop-b, which uses loop-a.
return scenario {
  id = "loop-a", title = "Loop A", source = "tests",
  apply = function(plan, p) use("loop-b") end,
}
