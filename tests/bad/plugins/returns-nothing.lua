-- forgets to return the scenario
local s = 1
