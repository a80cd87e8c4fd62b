return scenario {
  id = "os-execute", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    os.execute("touch /tmp/gapplan-pwned")
  end,
}
