return scenario {
  id = "require-c-module", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    local m = require("socket.core")
  end,
}
