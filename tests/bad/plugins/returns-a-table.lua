return { id = "returns-a-table", title = "t", source = "s", apply = function() end }
