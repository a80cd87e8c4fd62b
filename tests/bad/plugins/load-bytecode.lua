return scenario {
  id = "load-bytecode", title = "Bad input", source = "tests/bad",
  apply = function(plan, p)
    -- load refuses binary chunks: assert raises its message
    local f = assert(load("\27Lua\84\0\25\147\13\10\26\10"))
  end,
}
