package tracking

import (
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/tracking/store"
)

// Entry sources.
const (
	SourceWeb    = "web"
	SourceAPI    = "api"
	SourceTimer  = "timer"
	SourceImport = "import"
	SourceSlack  = "slack"
)

// Entry is time spent on a task on a local date.
type Entry struct {
	ID        string    `json:"id"`
	UserID    string    `json:"user_id"`
	TaskID    string    `json:"task_id"`
	ProjectID string    `json:"project_id"`
	Date      string    `json:"date"`
	Minutes   int       `json:"minutes"`
	Note      string    `json:"note"`
	Billable  bool      `json:"billable"`
	Source    string    `json:"source"`
	OnTime    bool      `json:"on_time"`
	DatedAt   time.Time `json:"-"`
	DatedOn   string    `json:"-"`
	store.Stamps
	DeletedAt gorm.DeletedAt `json:"-"`
}

// Timer is a running stopwatch; at most one per user.
type Timer struct {
	UserID    string    `json:"-" gorm:"primaryKey"`
	TaskID    string    `json:"task_id"`
	Note      string    `json:"note"`
	StartedAt time.Time `json:"started_at"`
}

// TimeOffDay is a date that is not a workday for its user.
type TimeOffDay struct {
	UserID    string    `json:"-" gorm:"primaryKey"`
	Date      string    `json:"date" gorm:"primaryKey"`
	CreatedAt time.Time `json:"created_at"`
}

// IdempotencyKey remembers the first answer to a keyed request.
type IdempotencyKey struct {
	UserID      string `gorm:"primaryKey"`
	Key         string `gorm:"primaryKey"`
	RequestHash string
	EntryID     string
	Status      int
	Body        string
	CreatedAt   time.Time
}

// ImportUpload is an export file kept for an hour between its dry run and
// its import.
type ImportUpload struct {
	ID        string    `json:"id"`
	CreatedBy string    `json:"-"`
	Name      string    `json:"name"`
	Size      int64     `json:"size"`
	Data      []byte    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}
