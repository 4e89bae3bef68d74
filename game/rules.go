// Package game holds timestreak's scoring rules (PRODUCT.md §3) as pure
// functions, so the incremental close-out and the full recompute share them
// and cannot drift apart.
package game

import (
	"fmt"
	"maps"
	"time"

	"github.com/timestreak/timestreak/internal/civil"
)

// Dates are "YYYY-MM-DD" strings in the user's local calendar everywhere.

// DayRecord is what finalizing a date stores: the inputs of the rules for that date.
type DayRecord struct {
	Date          string // YYYY-MM-DD
	Workday       bool   // weekday in the user's workdays and not a time-off date
	TargetMinutes int    // daily_target_minutes in force when finalized
	OnTimeMinutes int    // sum of minutes of the date's on-time, non-deleted, non-import entries
	LateOn        string // user's local date when the FIRST backfilled (not on time, non-import) entry of Date was created or moved there; "" if none (yet)
}

// State is a user's derived game state before/after a date.
type State struct {
	Current int             // current streak
	Longest int             // longest streak ever
	Freezes int             // 0..2
	Badges  map[string]bool // badge codes already held (first_day, streak_5, ..., perfect_week, weekly_champion)
}

// Award is one ledger row to write for a date.
type Award struct {
	Rule   string // "on_time", "full_day", "streak", "badge:streak_5", "perfect_week", "late", ...
	Points int    // > 0 always: a rule worth 0 points writes no row
}

// Notice is a notification to send the user.
type Notice struct {
	Kind    string // "freeze_used", "streak_lost", "badge"
	Message string // short friendly English sentence
}

// Outcome is everything finalizing one date produces.
type Outcome struct {
	Awards    []Award  // in this order: on_time, full_day, streak, badge:streak_N, late, perfect_week
	State     State    // state after the date; Badges is always a fresh, non-nil map
	NewBadges []string // badge codes newly earned on this date
	Notices   []Notice
}

// Rule names and point values from PRODUCT.md §3.
const (
	ruleOnTime      = "on_time"
	ruleFullDay     = "full_day"
	ruleStreak      = "streak"
	ruleLate        = "late"
	rulePerfectWeek = "perfect_week"

	pointsOnTime      = 10
	pointsFullDay     = 5
	streakPointsCap   = 10
	pointsPerfectWeek = 20
	latePointsMax     = 10
	latePointsPerDay  = 2

	// freezeEvery is the streak length step that earns a freeze.
	freezeEvery = 10
	// maxFreezes is how many freezes a user can hold.
	maxFreezes = 2

	badgeFirstDay       = "first_day"
	badgePerfectWeek    = "perfect_week"
	badgeWeeklyChampion = "weekly_champion"

	noticeFreezeUsed = "freeze_used"
	noticeStreakLost = "streak_lost"
	noticeBadge      = "badge"
)

// streakBadge is a streak length badge and the points it awards once.
type streakBadge struct {
	length int
	points int
}

// code is the badge code, e.g. "streak_5".
func (b streakBadge) code() string { return fmt.Sprintf("streak_%d", b.length) }

// rule is the ledger rule of the badge's points, e.g. "badge:streak_5".
func (b streakBadge) rule() string { return "badge:" + b.code() }

// streakBadges lists the streak badges in increasing length.
var streakBadges = []streakBadge{
	{5, 25}, {10, 50}, {25, 100}, {50, 250}, {100, 500},
}

// qualifies: a day counts toward the streak with at least one on-time minute.
func qualifies(day DayRecord) bool { return day.OnTimeMinutes >= 1 }

// fullDay also requires qualifying so that a (never valid) target of 0 cannot
// make an empty day "full".
func fullDay(day DayRecord) bool {
	return qualifies(day) && day.OnTimeMinutes >= day.TargetMinutes
}

// latePoints is max(0, 10 - 2k) for an entry backfilled k days after the date.
// k below 0 can only come from a time-zone change; it is treated as 0 so the
// late award never exceeds on_time.
func latePoints(k int) int {
	if k < 0 {
		k = 0
	}
	return max(0, latePointsMax-latePointsPerDay*k)
}

// LateAward is the `late` award of a finalized date: ok=false when the day is
// not a workday, qualified, has no LateOn, or the points would be 0.
// CloseDay uses it too, so the award is identical whether it is made at
// finalization or later when the first backfilled entry arrives.
func LateAward(day DayRecord) (Award, bool) {
	if !day.Workday || qualifies(day) || day.LateOn == "" {
		return Award{}, false
	}
	if _, err := civil.Parse(day.Date); err != nil {
		return Award{}, false
	}
	if _, err := civil.Parse(day.LateOn); err != nil {
		return Award{}, false
	}
	p := latePoints(civil.DaysBetween(day.Date, day.LateOn))
	if p <= 0 {
		return Award{}, false
	}
	return Award{Rule: ruleLate, Points: p}, true
}

// CloseDay finalizes one date. prior is the state after the previous finalized
// date. week holds the day records of the same ISO week (Monday..Saturday)
// before day and on or after the user's first date; it is only used when
// day.Date is a Sunday, for perfect_week.
func CloseDay(prior State, day DayRecord, week []DayRecord) Outcome {
	st := State{
		Current: prior.Current,
		Longest: prior.Longest,
		Freezes: prior.Freezes,
		Badges:  make(map[string]bool, len(prior.Badges)+1),
	}
	maps.Copy(st.Badges, prior.Badges)
	out := Outcome{State: st}
	earn := func(code string) {
		out.State.Badges[code] = true
		out.NewBadges = append(out.NewBadges, code)
	}

	var streakNotice *Notice
	switch {
	case !day.Workday:
		// Non-workdays (weekends, time off) neither add to nor break the streak.
	case qualifies(day):
		s := &out.State
		s.Current++
		s.Longest = max(s.Longest, s.Current)
		out.Awards = append(out.Awards, Award{ruleOnTime, pointsOnTime})
		if fullDay(day) {
			out.Awards = append(out.Awards, Award{ruleFullDay, pointsFullDay})
		}
		out.Awards = append(out.Awards, Award{ruleStreak, min(s.Current, streakPointsCap)})
		if s.Current%freezeEvery == 0 {
			s.Freezes = min(s.Freezes+1, maxFreezes)
		}
		if !s.Badges[badgeFirstDay] {
			earn(badgeFirstDay)
		}
		// "The first time the streak reaches that length": the streak grows
		// by one, so it passes exactly through every length it reaches.
		for _, b := range streakBadges {
			if s.Current == b.length && !s.Badges[b.code()] {
				earn(b.code())
				out.Awards = append(out.Awards, Award{b.rule(), b.points})
			}
		}
	default:
		s := &out.State
		switch {
		case s.Freezes > 0:
			s.Freezes--
			streakNotice = &Notice{noticeFreezeUsed, fmt.Sprintf(
				"No on-time entry on %s, so a streak freeze kept your %d-day streak alive.", day.Date, s.Current)}
		default:
			if s.Current >= 3 {
				streakNotice = &Notice{noticeStreakLost, fmt.Sprintf(
					"Your %d-day streak ended on %s. Log today to start a new one!", s.Current, day.Date)}
			}
			s.Current = 0
		}
		if a, ok := LateAward(day); ok {
			out.Awards = append(out.Awards, a)
		}
	}

	if isSunday(day.Date) && perfectWeek(day, week) {
		out.Awards = append(out.Awards, Award{rulePerfectWeek, pointsPerfectWeek})
		if !out.State.Badges[badgePerfectWeek] {
			earn(badgePerfectWeek)
		}
	}

	if streakNotice != nil {
		out.Notices = append(out.Notices, *streakNotice)
	}
	for _, code := range out.NewBadges {
		out.Notices = append(out.Notices, Notice{noticeBadge, badgeMessage(code)})
	}
	return out
}

// isSunday is false for an invalid date, unlike Weekday which cannot say so.
func isSunday(date string) bool {
	t, err := civil.Parse(date)
	return err == nil && t.Weekday() == time.Sunday
}

// perfectWeek reports whether the week ending with sunday had at least one
// workday and every workday had full_day. The Sunday counts when it is a
// workday itself.
func perfectWeek(sunday DayRecord, week []DayRecord) bool {
	days := append(append([]DayRecord(nil), week...), sunday)
	workdays := 0
	for _, d := range days {
		if !d.Workday {
			continue
		}
		workdays++
		if !fullDay(d) {
			return false
		}
	}
	return workdays > 0
}

// badgeName is the human name of a badge code for notices.
func badgeName(code string) string {
	switch code {
	case badgeFirstDay:
		return "First Day"
	case badgePerfectWeek:
		return "Perfect Week"
	case badgeWeeklyChampion:
		return "Weekly Champion"
	}
	for _, b := range streakBadges {
		if code == b.code() {
			return fmt.Sprintf("%d-Day Streak", b.length)
		}
	}
	return code
}

func badgeMessage(code string) string {
	return fmt.Sprintf("You earned the %s badge!", badgeName(code))
}
