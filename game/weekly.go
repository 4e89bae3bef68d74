package game

import "sort"

// WeeklyPlace is one member's rank in a team's weekly top and the points it earns.
type WeeklyPlace struct {
	UserID string
	Rank   int
	Points int
}

// weeklyPoints are the points for ranks 1, 2 and 3.
var weeklyPoints = [...]int{30, 20, 10}

// WeeklyPlaces ranks users by the points dated in a week (weekly awards not
// counted) using competition ranking (1, 1, 3): tied users share a rank and
// the next rank skips. Only users with points > 0 take part. It returns only
// the places that earn points, sorted by rank then user ID so that the result
// is deterministic whatever the map order.
func WeeklyPlaces(points map[string]int) []WeeklyPlace {
	type entry struct {
		id  string
		pts int
	}
	var es []entry
	for id, p := range points {
		if p > 0 {
			es = append(es, entry{id, p})
		}
	}
	sort.Slice(es, func(i, j int) bool {
		if es[i].pts != es[j].pts {
			return es[i].pts > es[j].pts
		}
		return es[i].id < es[j].id
	})
	var out []WeeklyPlace
	rank := 0
	for i, e := range es {
		if i == 0 || e.pts != es[i-1].pts {
			rank = i + 1
		}
		if rank > len(weeklyPoints) {
			break
		}
		out = append(out, WeeklyPlace{UserID: e.id, Rank: rank, Points: weeklyPoints[rank-1]})
	}
	return out
}
