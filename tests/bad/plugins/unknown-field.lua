return scenario {
  id = "unknown-field", titel = "Typo", title = "t", source = "s",
  apply = function(plan, p) end,
}
