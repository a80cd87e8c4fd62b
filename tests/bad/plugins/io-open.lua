return scenario {
  id = "io-open", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    local f = io.open("/etc/passwd")
  end,
}
