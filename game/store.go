package game

import "time"

// The game's own tables. The ledger, states and badges are written only by
// the close-out, the weekly award, backfill awards and recompute; reminders
// and notifications by their jobs and MarkRead.

type dayRow struct {
	UserID        string `gorm:"primaryKey"`
	Date          string `gorm:"primaryKey"`
	Workday       bool
	TargetMinutes int
	OnTimeMinutes int
	LateOn        string
	FinalizedAt   time.Time
}

func (dayRow) TableName() string { return "day_records" }

func (r dayRow) record() DayRecord {
	return DayRecord{Date: r.Date, Workday: r.Workday, TargetMinutes: r.TargetMinutes, OnTimeMinutes: r.OnTimeMinutes, LateOn: r.LateOn}
}

// pointsRow is one line of the append-only ledger, unique on (user, date, rule).
type pointsRow struct {
	UserID    string `gorm:"primaryKey"`
	Date      string `gorm:"primaryKey"`
	Rule      string `gorm:"primaryKey"`
	Points    int
	CreatedAt time.Time
}

func (pointsRow) TableName() string { return "points_events" }

type stateRow struct {
	UserID           string `gorm:"primaryKey"`
	Current          int
	Longest          int
	Freezes          int
	FinalizedThrough string
	TotalPoints      int
	UpdatedAt        time.Time
}

func (stateRow) TableName() string { return "game_states" }

type badgeRow struct {
	UserID    string `gorm:"primaryKey"`
	Code      string `gorm:"primaryKey"`
	AwardedOn string
	CreatedAt time.Time
}

func (badgeRow) TableName() string { return "badges" }

// Notification is an in-app message to a user.
type Notification struct {
	ID        string     `json:"id"`
	UserID    string     `json:"-"`
	Kind      string     `json:"kind"`
	Message   string     `json:"message"`
	Date      *string    `json:"date"` // what it is about: a date, or a week's Sunday; nil on older ones
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at"`
}

type reminderRow struct {
	UserID string `gorm:"primaryKey"`
	Date   string `gorm:"primaryKey"`
}

func (reminderRow) TableName() string { return "reminders" }

type weeklyRunRow struct {
	TeamID    string `gorm:"primaryKey"`
	WeekEnd   string `gorm:"primaryKey"`
	CreatedAt time.Time
}

func (weeklyRunRow) TableName() string { return "weekly_runs" }

type weeklyAwardRow struct {
	TeamID  string `gorm:"primaryKey"`
	WeekEnd string `gorm:"primaryKey"`
	UserID  string `gorm:"primaryKey"`
	Rank    int
	Points  int
}

func (weeklyAwardRow) TableName() string { return "weekly_awards" }
