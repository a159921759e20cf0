"""Full screens: home, the walk, the review."""
