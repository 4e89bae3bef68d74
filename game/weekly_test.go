package game

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWeeklyPlaces(t *testing.T) {
	tests := []struct {
		name   string
		points map[string]int
		want   []WeeklyPlace
	}{
		{name: "nil map", points: nil, want: nil},
		{name: "only zero or negative points", points: map[string]int{"a": 0, "b": -5}, want: nil},
		{name: "one user", points: map[string]int{"a": 1}, want: []WeeklyPlace{{"a", 1, 30}}},
		{name: "two users", points: map[string]int{"a": 10, "b": 40}, want: []WeeklyPlace{{"b", 1, 30}, {"a", 2, 20}}},
		{
			name:   "plain podium, fourth gets nothing, zero excluded",
			points: map[string]int{"a": 50, "b": 40, "c": 30, "d": 20, "z": 0},
			want:   []WeeklyPlace{{"a", 1, 30}, {"b", 2, 20}, {"c", 3, 10}},
		},
		{
			name:   "tie for first shares rank 1, next is rank 3",
			points: map[string]int{"b": 70, "a": 70, "c": 10, "d": 5},
			want:   []WeeklyPlace{{"a", 1, 30}, {"b", 1, 30}, {"c", 3, 10}},
		},
		{
			name:   "tie for second skips rank 3",
			points: map[string]int{"a": 90, "b": 50, "c": 50, "d": 40},
			want:   []WeeklyPlace{{"a", 1, 30}, {"b", 2, 20}, {"c", 2, 20}},
		},
		{
			name:   "tie at rank 3 rewards everyone tied",
			points: map[string]int{"a": 90, "b": 80, "d": 10, "c": 10, "e": 10, "f": 9},
			want:   []WeeklyPlace{{"a", 1, 30}, {"b", 2, 20}, {"c", 3, 10}, {"d", 3, 10}, {"e", 3, 10}},
		},
		{
			name:   "four-way tie for first leaves no other place",
			points: map[string]int{"a": 5, "b": 5, "c": 5, "d": 5, "e": 4},
			want:   []WeeklyPlace{{"a", 1, 30}, {"b", 1, 30}, {"c", 1, 30}, {"d", 1, 30}},
		},
		{
			name:   "three-way tie for second: all rank 2",
			points: map[string]int{"a": 9, "b": 5, "c": 5, "d": 5},
			want:   []WeeklyPlace{{"a", 1, 30}, {"b", 2, 20}, {"c", 2, 20}, {"d", 2, 20}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, WeeklyPlaces(tt.points)); diff != "" {
				t.Errorf("WeeklyPlaces(%v) (-want +got):\n%s", tt.points, diff)
			}
		})
	}
}

func TestPerfectWeek(t *testing.T) {
	fullWeek := []DayRecord{work(mon, 480), work(tue, 480), work(wed, 600), work(thu, 480), work(fri, 480), rest(sat)}
	tests := []struct {
		name      string
		prior     State
		sunday    DayRecord
		week      []DayRecord
		wantAward bool
		wantBadge bool // newly earned
	}{
		{name: "full Mon-Fri week", sunday: rest(sun), week: fullWeek, wantAward: true, wantBadge: true},
		{name: "badge only once", prior: State{Badges: held("perfect_week")}, sunday: rest(sun), week: fullWeek, wantAward: true},
		{name: "part-time Mon/Wed", sunday: rest(sun), wantAward: true, wantBadge: true,
			week: []DayRecord{work(mon, 480), rest(tue), work(wed, 480), rest(thu), rest(fri), rest(sat)}},
		{name: "part-time target honoured", sunday: rest(sun), wantAward: true, wantBadge: true,
			week: []DayRecord{{Date: mon, Workday: true, TargetMinutes: 240, OnTimeMinutes: 240}}},
		{name: "one workday short of full_day", sunday: rest(sun),
			week: []DayRecord{work(mon, 480), work(tue, 480), work(wed, 480), work(thu, 479), work(fri, 480), rest(sat)}},
		{name: "one workday missed entirely", sunday: rest(sun),
			week: []DayRecord{work(mon, 480), work(tue, 0), work(wed, 480), work(thu, 480), work(fri, 480), rest(sat)}},
		{name: "time off mid-week is not required", sunday: rest(sun), wantAward: true, wantBadge: true,
			week: []DayRecord{work(mon, 480), work(tue, 480), rest(wed), work(thu, 480), work(fri, 480), rest(sat)}},
		{name: "user started this Sunday, no workdays (caller passes none)", sunday: rest(sun)},
		{name: "whole week off", sunday: rest(sun), week: []DayRecord{rest(mon), rest(tue), rest(wed), rest(thu), rest(fri), rest(sat)}},
		{name: "started on Thursday, Thu-Fri full", sunday: rest(sun), wantAward: true, wantBadge: true,
			week: []DayRecord{work(thu, 480), work(fri, 480), rest(sat)}},
		{name: "Sunday workday counts when full", sunday: work(sun, 480), wantAward: true, wantBadge: true, week: fullWeek},
		{name: "Sunday workday alone and full", sunday: work(sun, 480), wantAward: true, wantBadge: true},
		{name: "Sunday workday not full spoils the week", sunday: work(sun, 60), week: fullWeek},
		{name: "Sunday workday missed spoils the week", sunday: work(sun, 0), week: fullWeek},
		{name: "backfilled minutes do not count", sunday: rest(sun),
			week: []DayRecord{work(mon, 480), {Date: tue, Workday: true, TargetMinutes: 480, LateOn: wed}}},
		{name: "a zero target does not make an empty day full", sunday: rest(sun),
			week: []DayRecord{work(mon, 480), {Date: tue, Workday: true}}},
		{name: "only on Sunday: Saturday never awards", sunday: rest(sat), week: fullWeek[:5]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CloseDay(tt.prior, tt.sunday, tt.week)
			var gotAward, gotBadge bool
			for _, a := range got.Awards {
				if a.Rule == "perfect_week" {
					gotAward = a.Points == 20
				}
			}
			for _, b := range got.NewBadges {
				gotBadge = gotBadge || b == "perfect_week"
			}
			if gotAward != tt.wantAward || gotBadge != tt.wantBadge {
				t.Errorf("perfect_week award %v badge %v, want %v %v (awards %v)", gotAward, gotBadge, tt.wantAward, tt.wantBadge, got.Awards)
			}
			if got.State.Badges["perfect_week"] != (tt.wantBadge || tt.prior.Badges["perfect_week"]) {
				t.Errorf("State.Badges = %v", got.State.Badges)
			}
		})
	}
}

// TestWorkedExample is PRODUCT.md §3's example: Ana, UTC, Mon-Fri, target 480,
// 8 h each weekday on the day, from a fresh state.
func TestWorkedExample(t *testing.T) {
	days := []DayRecord{work(mon, 480), work(tue, 480), work(wed, 480), work(thu, 480), work(fri, 480), rest(sat), rest(sun)}
	wantDay := [][]Award{
		{{"on_time", 10}, {"full_day", 5}, {"streak", 1}},
		{{"on_time", 10}, {"full_day", 5}, {"streak", 2}},
		{{"on_time", 10}, {"full_day", 5}, {"streak", 3}},
		{{"on_time", 10}, {"full_day", 5}, {"streak", 4}},
		{{"on_time", 10}, {"full_day", 5}, {"streak", 5}, {"badge:streak_5", 25}},
		nil,
		{{"perfect_week", 20}},
	}
	var st State
	total := 0
	for i, d := range days {
		out := CloseDay(st, d, days[:i])
		if diff := cmp.Diff(wantDay[i], out.Awards); diff != "" {
			t.Errorf("%s awards (-want +got):\n%s", d.Date, diff)
		}
		for _, a := range out.Awards {
			total += a.Points
		}
		st = out.State
	}
	if total != 135 {
		t.Errorf("total = %d, want 135", total)
	}
	if diff := cmp.Diff(State{5, 5, 0, held("first_day", "streak_5", "perfect_week")}, st); diff != "" {
		t.Errorf("final state (-want +got):\n%s", diff)
	}
	if lvl, next := Level(total); lvl != 2 || next != 300 {
		t.Errorf("Level(%d) = %d, %d; want 2, 300", total, lvl, next)
	}
	if replayTotal, _, _, _ := replay(days); replayTotal != 135 {
		t.Errorf("replay total = %d, want 135", replayTotal)
	}
}
