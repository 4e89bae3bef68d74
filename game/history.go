package game

import (
	"context"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/tracking/auth"
)

// The statuses of a date in a person's history, one colour each in the web
// app's calendar.
const (
	HistoryOnTime     = "on_time"     // a finalized workday that qualified
	HistoryLate       = "late"        // a finalized workday logged only afterwards
	HistoryMissed     = "missed"      // a finalized workday with nothing on time or late
	HistoryDayOff     = "day_off"     // a time-off date
	HistoryNonWorkday = "non_workday" // not one of the person's workdays
	HistoryOpen       = "open"        // a workday not finalized yet (today, or closing)
	historyDays       = 364           // the calendar shows 52 whole weeks and this one
)

// HistoryDay is one date of a person's calendar. Streak is the streak after
// the date once it is finalized; FreezeUsed says a freeze kept it.
type HistoryDay struct {
	Date       string `json:"date"`
	Status     string `json:"status"`
	Minutes    int    `json:"minutes"`
	Streak     int    `json:"streak"`
	FreezeUsed bool   `json:"freeze_used"`
}

// HistoryWeek is an ISO week's logged minutes against the target of its
// workdays (the target in force when each was finalized, today's setting
// for open ones).
type HistoryWeek struct {
	Start         string `json:"start"`
	Minutes       int    `json:"minutes"`
	TargetMinutes int    `json:"target_minutes"`
}

// History is a person's last twelve months, from a Monday to their today.
type History struct {
	From  string        `json:"from"`
	To    string        `json:"to"`
	Days  []HistoryDay  `json:"days"`
	Weeks []HistoryWeek `json:"weeks"`
}

// History reads u's calendar: finalized dates from their day records, with
// the streak replayed from the first one by the close-out's own rules, and
// the dates since from the person's settings and time off.
func (e *Engine) History(ctx context.Context, u *auth.User) (*History, error) {
	to := civil.Of(e.now(), civil.Zone(u.Timezone))
	from := civil.WeekStart(civil.AddDays(to, -historyDays))
	var records []dayRow
	if err := e.db.R.WithContext(ctx).Where("user_id = ? AND date <= ?", u.ID, to).Order("date").Find(&records).Error; err != nil {
		return nil, err
	}
	minutes, err := e.tr.MinutesByDate(ctx, u.ID, from, to)
	if err != nil {
		return nil, err
	}
	offDays, err := e.tr.TimeOff(ctx, u.ID, from, to)
	if err != nil {
		return nil, err
	}
	off := make(map[string]bool, len(offDays))
	for _, d := range offDays {
		off[d.Date] = true
	}

	h := &History{From: from, To: to, Days: []HistoryDay{}, Weeks: []HistoryWeek{}}
	finalized := make(map[string]HistoryDay, len(records))
	targets := make(map[string]int, len(records))
	state, week := State{Badges: map[string]bool{}}, []DayRecord(nil)
	for _, r := range records {
		rec := r.record()
		week = trimToWeek(week, rec.Date)
		out := CloseDay(state, rec, week)
		state, week = out.State, append(week, rec)
		if rec.Date < from {
			continue
		}
		day := HistoryDay{Date: rec.Date, Streak: state.Current, Status: recordStatus(rec, off[rec.Date])}
		for _, n := range out.Notices {
			day.FreezeUsed = day.FreezeUsed || n.Kind == noticeFreezeUsed
		}
		finalized[rec.Date] = day
		if rec.Workday {
			targets[rec.Date] = rec.TargetMinutes
		}
	}

	for date := from; date <= to; date = civil.AddDays(date, 1) {
		day, done := finalized[date]
		switch {
		case done:
		case date < u.StartDate:
			continue
		case off[date]:
			day = HistoryDay{Date: date, Status: HistoryDayOff}
		case !u.IsWorkday(date):
			day = HistoryDay{Date: date, Status: HistoryNonWorkday}
		default:
			day = HistoryDay{Date: date, Status: HistoryOpen}
			targets[date] = u.DailyTargetMinutes
		}
		day.Minutes = minutes[date]
		h.Days = append(h.Days, day)
	}
	for start := from; start <= to; start = civil.AddDays(start, 7) {
		w := HistoryWeek{Start: start}
		for i := range 7 {
			date := civil.AddDays(start, i)
			w.Minutes += minutes[date]
			w.TargetMinutes += targets[date]
		}
		h.Weeks = append(h.Weeks, w)
	}
	return h, nil
}

// recordStatus is a finalized date's place in the calendar.
func recordStatus(rec DayRecord, timeOff bool) string {
	switch {
	case rec.Workday && rec.OnTimeMinutes > 0:
		return HistoryOnTime
	case rec.Workday && rec.LateOn != "":
		return HistoryLate
	case rec.Workday:
		return HistoryMissed
	case timeOff:
		return HistoryDayOff
	}
	return HistoryNonWorkday
}
