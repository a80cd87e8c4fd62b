-- Test fixture: the file is named wrong-id but declares another id.
return scenario {
  id = "other-id", title = "Wrong id", source = "tests",
  apply = function(plan, p) end,
}
