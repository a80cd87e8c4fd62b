-- Test fixture: composes base-add twice, with its own param doubled, then once more by default.
return scenario {
  id = "uses-base",
  title = "Use base-add",
  source = "tests",
  params = { amount = { default = 0.02, min = 0, max = 0.05 } },
  apply = function(plan, p)
    use("base-add", { amount = p.amount * 2 })
    use("base-add")
  end,
}
