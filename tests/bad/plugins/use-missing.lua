return scenario {
  id = "use-missing", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    use("no-such-scenario", {})
  end,
}
