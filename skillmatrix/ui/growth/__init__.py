"""Growth plans in the UI: the plan dialog, goal steps as undo commands, the grid's menu."""
