package game

import "math"

// levelStep is the 50 in the level threshold 50·L·(L−1).
const levelStep = 50

// levelThreshold is the total points needed to reach level l (0, 100, 300, 600, ...).
func levelThreshold(l int) int { return levelStep * l * (l - 1) }

// Level returns the largest L >= 1 with 50·L·(L−1) <= total, and next, the
// threshold of L+1. Negative totals (never expected) stay at level 1.
func Level(total int) (level, next int) {
	level = 1
	if total > 0 {
		// Solve 50·L² − 50·L − total = 0 for a starting point, then correct
		// by whole steps because floating point can be off by one.
		level = int((1 + math.Sqrt(1+float64(total)/12.5)) / 2)
		level = max(level, 1)
		for levelThreshold(level) > total {
			level--
		}
		for levelThreshold(level+1) <= total {
			level++
		}
	}
	return level, levelThreshold(level + 1)
}
