return scenario {
  id = "error-tostring-loop", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    error(setmetatable({}, { __tostring = function() while true do end end }))
  end,
}
