package game

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/internal/civil"
)

// The ISO week of 2026-03-02 (Monday) .. 2026-03-08 (Sunday) is used throughout.
const (
	mon = "2026-03-02"
	tue = "2026-03-03"
	wed = "2026-03-04"
	thu = "2026-03-05"
	fri = "2026-03-06"
	sat = "2026-03-07"
	sun = "2026-03-08"
)

func held(codes ...string) map[string]bool {
	m := map[string]bool{}
	for _, c := range codes {
		m[c] = true
	}
	return m
}

// work is a workday with the default 480-minute target.
func work(date string, minutes int) DayRecord {
	return DayRecord{Date: date, Workday: true, TargetMinutes: 480, OnTimeMinutes: minutes}
}

func lateWork(date, lateOn string) DayRecord {
	d := work(date, 0)
	d.LateOn = lateOn
	return d
}

func rest(date string) DayRecord { return DayRecord{Date: date, TargetMinutes: 480} }

func noticeKinds(ns []Notice) []string {
	var kinds []string
	for _, n := range ns {
		kinds = append(kinds, n.Kind)
	}
	return kinds
}

func TestCloseDay(t *testing.T) {
	onTime, full := Award{"on_time", 10}, Award{"full_day", 5}
	streak := func(p int) Award { return Award{"streak", p} }
	tests := []struct {
		name        string
		prior       State
		day         DayRecord
		week        []DayRecord
		wantAwards  []Award
		wantState   State
		wantNew     []string
		wantNotices []string
	}{
		{name: "non-workday weekend keeps state", prior: State{4, 9, 1, held("first_day")}, day: rest(sat),
			wantState: State{4, 9, 1, held("first_day")}},
		{name: "time off on a weekday neither adds nor breaks", prior: State{4, 4, 0, held("first_day")}, day: rest(wed),
			wantState: State{4, 4, 0, held("first_day")}},
		{name: "non-workday with entries earns nothing", prior: State{2, 2, 0, held("first_day")},
			day:       DayRecord{Date: sat, TargetMinutes: 480, OnTimeMinutes: 600},
			wantState: State{2, 2, 0, held("first_day")}},
		{name: "first qualifying day, full", prior: State{}, day: work(mon, 480),
			wantAwards: []Award{onTime, full, streak(1)}, wantState: State{1, 1, 0, held("first_day")},
			wantNew: []string{"first_day"}, wantNotices: []string{"badge"}},
		{name: "one minute qualifies without full_day", prior: State{Badges: held("first_day")}, day: work(mon, 1),
			wantAwards: []Award{onTime, streak(1)}, wantState: State{1, 1, 0, held("first_day")}},
		{name: "one minute short of target", prior: State{3, 3, 0, held("first_day")}, day: work(mon, 479),
			wantAwards: []Award{onTime, streak(4)}, wantState: State{4, 4, 0, held("first_day")}},
		{name: "over target is full", prior: State{1, 6, 0, held("first_day")}, day: work(mon, 700),
			wantAwards: []Award{onTime, full, streak(2)}, wantState: State{2, 6, 0, held("first_day")}},
		{name: "streak reaches 5", prior: State{4, 4, 0, held("first_day")}, day: work(fri, 480),
			wantAwards: []Award{onTime, full, streak(5), {"badge:streak_5", 25}},
			wantState:  State{5, 5, 0, held("first_day", "streak_5")}, wantNew: []string{"streak_5"}, wantNotices: []string{"badge"}},
		{name: "streak reaches 5 again: no second badge", prior: State{4, 12, 1, held("first_day", "streak_5", "streak_10")},
			day: work(fri, 480), wantAwards: []Award{onTime, full, streak(5)},
			wantState: State{5, 12, 1, held("first_day", "streak_5", "streak_10")}},
		{name: "streak reaches 10: badge and first freeze", prior: State{9, 9, 0, held("first_day", "streak_5")}, day: work(mon, 30),
			wantAwards: []Award{onTime, streak(10), {"badge:streak_10", 50}},
			wantState:  State{10, 10, 1, held("first_day", "streak_5", "streak_10")}, wantNew: []string{"streak_10"}, wantNotices: []string{"badge"}},
		{name: "streak points capped at 10", prior: State{10, 10, 1, held("first_day", "streak_5", "streak_10")}, day: work(mon, 480),
			wantAwards: []Award{onTime, full, streak(10)}, wantState: State{11, 11, 1, held("first_day", "streak_5", "streak_10")}},
		{name: "streak 20 earns second freeze", prior: State{19, 19, 1, held("first_day")}, day: work(mon, 480),
			wantAwards: []Award{onTime, full, streak(10)}, wantState: State{20, 20, 2, held("first_day")}},
		{name: "streak 30 holds at most 2 freezes", prior: State{29, 29, 2, held("first_day")}, day: work(mon, 480),
			wantAwards: []Award{onTime, full, streak(10)}, wantState: State{30, 30, 2, held("first_day")}},
		{name: "streak reaches 25", prior: State{24, 24, 2, held("first_day")}, day: work(mon, 480),
			wantAwards: []Award{onTime, full, streak(10), {"badge:streak_25", 100}},
			wantState:  State{25, 25, 2, held("first_day", "streak_25")}, wantNew: []string{"streak_25"}, wantNotices: []string{"badge"}},
		{name: "streak reaches 50", prior: State{49, 49, 0, held("first_day")}, day: work(mon, 480),
			wantAwards: []Award{onTime, full, streak(10), {"badge:streak_50", 250}},
			wantState:  State{50, 50, 1, held("first_day", "streak_50")}, wantNew: []string{"streak_50"}, wantNotices: []string{"badge"}},
		{name: "streak reaches 100", prior: State{99, 99, 1, held("first_day")}, day: work(mon, 480),
			wantAwards: []Award{onTime, full, streak(10), {"badge:streak_100", 500}},
			wantState:  State{100, 100, 2, held("first_day", "streak_100")}, wantNew: []string{"streak_100"}, wantNotices: []string{"badge"}},
		{name: "missed workday uses a freeze", prior: State{12, 12, 2, held("first_day")}, day: work(tue, 0),
			wantState: State{12, 12, 1, held("first_day")}, wantNotices: []string{"freeze_used"}},
		{name: "missed workday with no freeze loses streak of 3", prior: State{3, 8, 0, held("first_day")}, day: work(tue, 0),
			wantState: State{0, 8, 0, held("first_day")}, wantNotices: []string{"streak_lost"}},
		{name: "losing a streak of 2 is silent", prior: State{2, 8, 0, held("first_day")}, day: work(tue, 0),
			wantState: State{0, 8, 0, held("first_day")}},
		{name: "missing with no streak is silent", prior: State{}, day: work(tue, 0), wantState: State{Badges: held()}},
		{name: "missed workday backfilled next day", prior: State{5, 5, 0, held("first_day")}, day: lateWork(tue, wed),
			wantAwards: []Award{{"late", 8}}, wantState: State{0, 5, 0, held("first_day")}, wantNotices: []string{"streak_lost"}},
		{name: "freeze used and late awarded", prior: State{10, 10, 1, held("first_day")}, day: lateWork(tue, thu),
			wantAwards: []Award{{"late", 6}}, wantState: State{10, 10, 0, held("first_day")}, wantNotices: []string{"freeze_used"}},
		{name: "late too late is no row", prior: State{}, day: lateWork(mon, "2026-03-07"), wantState: State{Badges: held()}},
		{name: "qualifying day never gets late", prior: State{Badges: held("first_day")},
			day:        DayRecord{Date: mon, Workday: true, TargetMinutes: 480, OnTimeMinutes: 60, LateOn: tue},
			wantAwards: []Award{onTime, streak(1)}, wantState: State{1, 1, 0, held("first_day")}},
		{name: "non-workday never gets late", prior: State{Badges: held()},
			day: DayRecord{Date: sat, TargetMinutes: 480, LateOn: sun}, wantState: State{Badges: held()}},
		{name: "sunday workday completes a perfect week", prior: State{4, 4, 0, held("first_day")}, day: work(sun, 480),
			week:       []DayRecord{rest(mon), work(tue, 480), work(wed, 500), rest(thu), work(fri, 480), rest(sat)},
			wantAwards: []Award{onTime, full, streak(5), {"badge:streak_5", 25}, {"perfect_week", 20}},
			wantState:  State{5, 5, 0, held("first_day", "streak_5", "perfect_week")},
			wantNew:    []string{"streak_5", "perfect_week"}, wantNotices: []string{"badge", "badge"}},
		{name: "late award precedes perfect_week, streak notice precedes badge notice", prior: State{3, 3, 0, held("first_day")},
			day: DayRecord{Date: sun, Workday: true, TargetMinutes: 480, LateOn: "2026-03-09"}, week: []DayRecord{work(fri, 480)},
			wantState: State{0, 3, 0, held("first_day")}, wantAwards: []Award{{"late", 8}}, wantNotices: []string{"streak_lost"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CloseDay(tt.prior, tt.day, tt.week)
			if diff := cmp.Diff(tt.wantAwards, got.Awards); diff != "" {
				t.Errorf("Awards (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantState, got.State); diff != "" {
				t.Errorf("State (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantNew, got.NewBadges); diff != "" {
				t.Errorf("NewBadges (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantNotices, noticeKinds(got.Notices)); diff != "" {
				t.Errorf("Notice kinds (-want +got):\n%s", diff)
			}
			for _, n := range got.Notices {
				if n.Message == "" {
					t.Errorf("notice %q has no message", n.Kind)
				}
			}
			for _, a := range got.Awards {
				if a.Points <= 0 {
					t.Errorf("award %+v has no points; it must not be returned", a)
				}
			}
		})
	}
}

func TestCloseDayDoesNotMutatePrior(t *testing.T) {
	for _, prior := range []State{{Badges: nil}, {Current: 4, Badges: held("first_day")}} {
		before := cmp.Diff(State{}, prior)
		got := CloseDay(prior, work(fri, 480), nil)
		if got.State.Badges == nil {
			t.Fatal("State.Badges is nil")
		}
		if after := cmp.Diff(State{}, prior); after != before {
			t.Errorf("prior changed: %s", after)
		}
		got.State.Badges["weekly_champion"] = true
		if prior.Badges["weekly_champion"] {
			t.Error("Outcome shares the prior Badges map")
		}
	}
}

func TestLateAward(t *testing.T) {
	tests := []struct {
		name   string
		day    DayRecord
		want   Award
		wantOK bool
	}{
		{"same day (time-zone change)", lateWork(mon, mon), Award{"late", 10}, true},
		{"1 day", lateWork(mon, tue), Award{"late", 8}, true},
		{"2 days", lateWork(mon, wed), Award{"late", 6}, true},
		{"3 days", lateWork(mon, thu), Award{"late", 4}, true},
		{"4 days", lateWork(mon, fri), Award{"late", 2}, true},
		{"5 days", lateWork(mon, sat), Award{}, false},
		{"6 days", lateWork(mon, sun), Award{}, false},
		{"a month", lateWork(mon, "2026-04-02"), Award{}, false},
		{"before the date (time-zone change) is capped at 10", lateWork(mon, "2026-03-01"), Award{"late", 10}, true},
		{"across a month end", lateWork("2026-02-27", "2026-03-02"), Award{"late", 4}, true},
		{"no backfill yet", lateWork(mon, ""), Award{}, false},
		{"not a workday", DayRecord{Date: sat, TargetMinutes: 480, LateOn: sun}, Award{}, false},
		{"qualified day", DayRecord{Date: mon, Workday: true, TargetMinutes: 480, OnTimeMinutes: 1, LateOn: tue}, Award{}, false},
		{"invalid LateOn", lateWork(mon, "tomorrow"), Award{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := LateAward(tt.day)
			if ok != tt.wantOK || got != tt.want {
				t.Errorf("LateAward(%+v) = %+v, %v; want %+v, %v", tt.day, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// replay chains CloseDay the way the close-out does, passing each Sunday the
// earlier records of its ISO week, and sums the ledger.
func replay(days []DayRecord) (total int, st State, rules map[string]int, notices []string) {
	rules = map[string]int{}
	for i, d := range days {
		var week []DayRecord
		for _, w := range days[:i] {
			if k := civil.DaysBetween(w.Date, d.Date); k >= 1 && k <= 6 {
				week = append(week, w)
			}
		}
		out := CloseDay(st, d, week)
		for _, a := range out.Awards {
			total += a.Points
			rules[a.Rule]++
		}
		notices = append(notices, noticeKinds(out.Notices)...)
		st = out.State
	}
	return total, st, rules, notices
}

// run builds consecutive workdays from mon with the given on-time minutes;
// a negative value is a non-workday.
func run(minutes ...int) []DayRecord {
	var days []DayRecord
	for i, m := range minutes {
		d := work(civil.AddDays(mon, i), m)
		if m < 0 {
			d = rest(d.Date)
		}
		days = append(days, d)
	}
	return days
}

func repeat(n, m int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = m
	}
	return s
}

func TestCloseDayChains(t *testing.T) {
	tests := []struct {
		name        string
		minutes     []int
		wantTotal   int
		wantState   State
		wantRules   map[string]int
		wantNotices []string
	}{
		{
			name:      "streak 5 reached twice earns one badge",
			minutes:   []int{60, 60, 60, 60, 60, 0, 60, 60, 60, 60, 60},
			wantTotal: 5*10 + 15 + 25 + 5*10 + 15,
			wantState: State{5, 5, 0, held("first_day", "streak_5")},
			wantRules: map[string]int{"on_time": 10, "streak": 10, "badge:streak_5": 1},
			// Day 7 is the Sunday; 60 minutes is not a full day, so no perfect week.
			wantNotices: []string{"badge", "badge", "streak_lost"},
		},
		{
			name:      "non-workdays bridge the streak",
			minutes:   []int{60, -1, -1, 60, 0},
			wantTotal: 10 + 1 + 10 + 2,
			wantState: State{0, 2, 0, held("first_day")},
			wantRules: map[string]int{"on_time": 2, "streak": 2}, wantNotices: []string{"badge"},
		},
		{
			name:      "freezes at 10 and 20, capped at 2 by 30, then spent",
			minutes:   append(repeat(30, 60), 0, 0, 0),
			wantTotal: 30*10 + 45 + 21*10 + 25 + 50 + 100, // streak points 1..9, then capped at 10
			wantState: State{0, 30, 0, held("first_day", "streak_5", "streak_10", "streak_25")},
			wantRules: map[string]int{"on_time": 30, "streak": 30, "badge:streak_5": 1, "badge:streak_10": 1, "badge:streak_25": 1},
			wantNotices: []string{"badge", "badge", "badge", "badge",
				"freeze_used", "freeze_used", "streak_lost"},
		},
		{
			name:        "a freeze keeps the streak across a miss",
			minutes:     append(append(repeat(10, 60), 0), 60),
			wantTotal:   10*10 + 55 + 25 + 50 + 10 + 10,
			wantState:   State{11, 11, 0, held("first_day", "streak_5", "streak_10")},
			wantRules:   map[string]int{"on_time": 11, "streak": 11, "badge:streak_5": 1, "badge:streak_10": 1},
			wantNotices: []string{"badge", "badge", "badge", "freeze_used"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			total, st, rules, notices := replay(run(tt.minutes...))
			if total != tt.wantTotal {
				t.Errorf("total = %d, want %d", total, tt.wantTotal)
			}
			if diff := cmp.Diff(tt.wantState, st); diff != "" {
				t.Errorf("State (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantRules, rules); diff != "" {
				t.Errorf("award counts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantNotices, notices); diff != "" {
				t.Errorf("notices (-want +got):\n%s", diff)
			}
		})
	}
}
