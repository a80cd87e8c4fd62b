return scenario {
  id = "syntax-error", title = "x" source = "y",
}
