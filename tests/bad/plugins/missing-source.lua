return scenario {
  id = "missing-source", title = "No source",
  apply = function(plan, p) end,
}
