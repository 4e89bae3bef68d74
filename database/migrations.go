package database

import (
	"context"
	"fmt"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// Migrate applies every pending migration, in order. Migrations are
// append-only: a released one is never edited, a change is a new one.
func (d *DB) Migrate(ctx context.Context) error {
	if d.Dialect == Postgres {
		// Replicas starting together take turns: the first migrates, the
		// others then find nothing to do.
		unlock, err := d.waitLock(ctx, "migrate")
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		defer unlock()
	}
	if err := d.migrator(ctx).Migrate(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

func (d *DB) migrator(ctx context.Context) *gormigrate.Gormigrate {
	return d.migratorOf(ctx, migrations())
}

// migratorOf runs the pending migrations of list in one transaction, on
// SQLite as on PostgreSQL (both have transactional DDL): a migration that
// fails, or a crash, leaves none of them half-applied or applied but
// unrecorded, and the next start runs them again from the same state.
func (d *DB) migratorOf(ctx context.Context, list []*gormigrate.Migration) *gormigrate.Gormigrate {
	return gormigrate.New(d.W.WithContext(ctx), &gormigrate.Options{
		TableName:                 "schema_migrations",
		IDColumnName:              "id",
		IDColumnSize:              255,
		UseTransaction:            true,
		ValidateUnknownMigrations: true,
	}, list)
}

func migrations() []*gormigrate.Migration {
	return []*gormigrate.Migration{
		{ID: "20261126_01_initial", Migrate: initialSchema},
		{ID: "20261126_02_covering_indexes", Migrate: coveringIndexes},
		{ID: "20261126_03_entry_import_hash", Migrate: entryImportHash},
		{ID: "20261126_04_clickup", Migrate: clickupTables},
		{ID: "20261126_05_clickup_time_push", Migrate: clickupTimePush},
		{ID: "20261126_06_day_totals", Migrate: dayTotals},
		{ID: "20261206_task_creator", Migrate: taskCreator},
		{ID: "20261206_auth_tokens", Migrate: authTokens},
		{ID: "20261206_team_memberships", Migrate: teamMemberships},
		{ID: "20261206_invite_team", Migrate: inviteTeam},
		{ID: "20261207_password_resets", Migrate: passwordResets},
		{ID: "20261207_import_uploads", Migrate: importUploads},
		{ID: "20261208_clickup_webhooks", Migrate: clickupWebhooks},
		{ID: "20261209_oidc_flows", Migrate: oidcFlows},
		{ID: "20261209_push_subscriptions", Migrate: pushSubscriptions},
		{ID: "20261209_slack", Migrate: slackTables},
		{ID: "20261210_report_index", Migrate: reportIndex},
		{ID: "20261210_user_trust", Migrate: userTrust},
		{ID: "20261211_notification_date", Migrate: notificationDate},
		{ID: "20261212_report_totals", Migrate: reportTotals},
		{ID: "20261213_team_days_guards", Migrate: teamDaysGuards},
	}
}

// The structs below are frozen snapshots of the schema as each migration
// created it; the live models in tracking and game map onto these tables.
func initialSchema(tx *gorm.DB) error {
	type User struct {
		ID                 string  `gorm:"primaryKey;size:36"`
		Email              string  `gorm:"size:320;not null;uniqueIndex"`
		Name               string  `gorm:"size:200;not null"`
		PasswordHash       string  `gorm:"size:200;not null"`
		Role               string  `gorm:"size:16;not null"`
		Timezone           string  `gorm:"size:64;not null"`
		Workdays           string  `gorm:"size:64;not null"`
		DailyTargetMinutes int     `gorm:"not null"`
		ReminderTime       *string `gorm:"size:5"`
		Active             bool    `gorm:"not null"`
		StartDate          string  `gorm:"size:10;not null"`
		CreatedAt          time.Time
		UpdatedAt          time.Time
	}
	type RefreshToken struct {
		ID        string `gorm:"primaryKey;size:36"`
		UserID    string `gorm:"size:36;not null;index"`
		FamilyID  string `gorm:"size:36;not null;index"`
		TokenHash string `gorm:"size:64;not null;uniqueIndex"`
		ExpiresAt time.Time
		UsedAt    *time.Time
		RevokedAt *time.Time
		CreatedAt time.Time
	}
	type APIToken struct {
		ID         string `gorm:"primaryKey;size:36"`
		UserID     string `gorm:"size:36;not null;index"`
		Name       string `gorm:"size:100;not null"`
		TokenHash  string `gorm:"size:64;not null;uniqueIndex"`
		CreatedAt  time.Time
		LastUsedAt *time.Time
	}
	type Invite struct {
		ID        string `gorm:"primaryKey;size:36"`
		CodeHash  string `gorm:"size:64;not null;uniqueIndex"`
		Email     string `gorm:"size:320"`
		CreatedBy string `gorm:"size:36;not null"`
		ExpiresAt time.Time
		UsedAt    *time.Time
		UsedBy    *string `gorm:"size:36"`
		CreatedAt time.Time
	}
	type LoginFailure struct {
		ID  int64     `gorm:"primaryKey;autoIncrement"`
		Key string    `gorm:"size:400;not null;index:idx_login_failures_key_at,priority:1"`
		At  time.Time `gorm:"not null;index:idx_login_failures_key_at,priority:2"`
	}
	type Team struct {
		ID        string `gorm:"primaryKey;size:36"`
		Name      string `gorm:"size:200;not null"`
		Timezone  string `gorm:"size:64;not null"`
		CreatedAt time.Time
		UpdatedAt time.Time
	}
	type TeamMember struct {
		TeamID    string `gorm:"primaryKey;size:36"`
		UserID    string `gorm:"primaryKey;size:36;index"`
		Role      string `gorm:"size:16;not null"`
		CreatedAt time.Time
	}
	type Project struct {
		ID        string `gorm:"primaryKey;size:36"`
		Name      string `gorm:"size:200;not null"`
		Color     string `gorm:"size:7;not null"`
		Archived  bool   `gorm:"not null"`
		CreatedAt time.Time
		UpdatedAt time.Time
	}
	type Task struct {
		ID          string `gorm:"primaryKey;size:36"`
		ProjectID   string `gorm:"size:36;not null;index"`
		Name        string `gorm:"size:300;not null"`
		ExternalRef string `gorm:"size:200;not null;index"`
		Archived    bool   `gorm:"not null"`
		CreatedAt   time.Time
		UpdatedAt   time.Time
	}
	type Entry struct {
		ID        string    `gorm:"primaryKey;size:36"`
		UserID    string    `gorm:"size:36;not null;index:idx_entries_user_date,priority:1"`
		TaskID    string    `gorm:"size:36;not null;index"`
		ProjectID string    `gorm:"size:36;not null"`
		Date      string    `gorm:"size:10;not null;index:idx_entries_user_date,priority:2"`
		Minutes   int       `gorm:"not null"`
		Note      string    `gorm:"size:2000;not null"`
		Billable  bool      `gorm:"not null"`
		Source    string    `gorm:"size:16;not null"`
		OnTime    bool      `gorm:"not null"`
		DatedAt   time.Time // when the entry was created or last moved to its date
		DatedOn   string    `gorm:"size:10;not null"` // the owner's local date at DatedAt
		CreatedAt time.Time
		UpdatedAt time.Time
		DeletedAt gorm.DeletedAt
	}
	type Timer struct {
		UserID    string `gorm:"primaryKey;size:36"`
		TaskID    string `gorm:"size:36;not null"`
		Note      string `gorm:"size:2000;not null"`
		StartedAt time.Time
	}
	type TimeOffDay struct {
		UserID    string `gorm:"primaryKey;size:36"`
		Date      string `gorm:"primaryKey;size:10"`
		CreatedAt time.Time
	}
	type IdempotencyKey struct {
		UserID      string `gorm:"primaryKey;size:36"`
		Key         string `gorm:"primaryKey;size:200"`
		RequestHash string `gorm:"size:64;not null"`
		EntryID     string `gorm:"size:36;not null"`
		Status      int    `gorm:"not null"`
		Body        string `gorm:"not null"`
		CreatedAt   time.Time
	}
	type DayRecord struct {
		UserID        string `gorm:"primaryKey;size:36"`
		Date          string `gorm:"primaryKey;size:10"`
		Workday       bool   `gorm:"not null"`
		TargetMinutes int    `gorm:"not null"`
		OnTimeMinutes int    `gorm:"not null"`
		LateOn        string `gorm:"size:10;not null"`
		FinalizedAt   time.Time
	}
	type PointsEvent struct {
		UserID    string `gorm:"primaryKey;size:36;index:idx_points_date_user,priority:2"`
		Date      string `gorm:"primaryKey;size:10;index:idx_points_date_user,priority:1"`
		Rule      string `gorm:"primaryKey;size:80"`
		Points    int    `gorm:"not null;index:idx_points_date_user,priority:3"`
		CreatedAt time.Time
	}
	type GameState struct {
		UserID           string `gorm:"primaryKey;size:36"`
		Current          int    `gorm:"not null"`
		Longest          int    `gorm:"not null"`
		Freezes          int    `gorm:"not null"`
		FinalizedThrough string `gorm:"size:10;not null"`
		TotalPoints      int    `gorm:"not null"`
		UpdatedAt        time.Time
	}
	type Badge struct {
		UserID    string `gorm:"primaryKey;size:36"`
		Code      string `gorm:"primaryKey;size:40"`
		AwardedOn string `gorm:"size:10;not null"`
		CreatedAt time.Time
	}
	type Notification struct {
		ID        string `gorm:"primaryKey;size:36"`
		UserID    string `gorm:"size:36;not null;index"`
		Kind      string `gorm:"size:40;not null"`
		Message   string `gorm:"size:500;not null"`
		CreatedAt time.Time
		ReadAt    *time.Time
	}
	type Reminder struct {
		UserID string `gorm:"primaryKey;size:36"`
		Date   string `gorm:"primaryKey;size:10"`
	}
	type WeeklyRun struct {
		TeamID    string `gorm:"primaryKey;size:36"`
		WeekEnd   string `gorm:"primaryKey;size:10"`
		CreatedAt time.Time
	}
	type WeeklyAward struct {
		TeamID  string `gorm:"primaryKey;size:36"`
		WeekEnd string `gorm:"primaryKey;size:10"`
		UserID  string `gorm:"primaryKey;size:36"`
		Rank    int    `gorm:"not null"`
		Points  int    `gorm:"not null"`
	}
	return tx.AutoMigrate(&User{}, &RefreshToken{}, &APIToken{}, &Invite{}, &LoginFailure{},
		&Team{}, &TeamMember{}, &Project{}, &Task{}, &Entry{}, &Timer{}, &TimeOffDay{},
		&IdempotencyKey{}, &DayRecord{}, &PointsEvent{}, &GameState{}, &Badge{},
		&Notification{}, &Reminder{}, &WeeklyRun{}, &WeeklyAward{})
}

// coveringIndexes lets the hot reads answer from an index alone: a day's
// total and on-time minutes (every entry write and the close-out), and a
// user's points in a date range (the leaderboard). The new entries index
// starts with the old one's columns, which it replaces.
func coveringIndexes(tx *gorm.DB) error {
	for _, stmt := range []string{
		"CREATE INDEX idx_entries_user_date_cover ON entries (user_id, date, deleted_at, on_time, source, minutes)",
		"DROP INDEX idx_entries_user_date",
		"CREATE INDEX idx_points_user_date_cover ON points_events (user_id, date, points)",
	} {
		if err := tx.Exec(stmt).Error; err != nil {
			return err
		}
	}
	return nil
}

// entryImportHash keeps, on each imported entry, a hash of the source row it
// came from: importing the same file again finds the hash and adds nothing.
// Entries logged here keep the empty hash, which the partial index ignores.
func entryImportHash(tx *gorm.DB) error {
	for _, stmt := range []string{
		"ALTER TABLE entries ADD COLUMN import_hash VARCHAR(64) NOT NULL DEFAULT ''",
		"CREATE UNIQUE INDEX idx_entries_user_import_hash ON entries (user_id, import_hash) WHERE import_hash <> ''",
	} {
		if err := tx.Exec(stmt).Error; err != nil {
			return err
		}
	}
	return nil
}

// clickupTables holds the ClickUp connection (one row; the token sealed
// with a key derived from the server secret), which timestreak project each
// synced list fills, and which timestreak task each ClickUp task became.
func clickupTables(tx *gorm.DB) error {
	type ClickupConnection struct {
		ID            int    `gorm:"primaryKey;autoIncrement:false"`
		TokenSealed   string `gorm:"size:1000;not null"`
		WebhookSealed string `gorm:"size:1000;not null"`
		TeamID        string `gorm:"size:64;not null"`
		TeamName      string `gorm:"size:200;not null"`
		ListIDs       string `gorm:"size:2000;not null"` // comma-separated
		LastSyncAt    *time.Time
		CreatedAt     time.Time
		UpdatedAt     time.Time
	}
	type ClickupList struct {
		ListID    string `gorm:"primaryKey;size:64"`
		ProjectID string `gorm:"size:36;not null"`
	}
	type ClickupTask struct {
		ClickupID   string `gorm:"primaryKey;size:64"`
		TaskID      string `gorm:"size:36;not null;uniqueIndex"`
		ListID      string `gorm:"size:64;not null;index"`
		Status      string `gorm:"size:200;not null"`
		DateUpdated int64  `gorm:"not null"`
		Deleted     bool   `gorm:"not null"`
	}
	return tx.AutoMigrate(&ClickupConnection{}, &ClickupList{}, &ClickupTask{})
}

// clickupTimePush holds who pushes their time to ClickUp (and since when),
// which ClickUp time entry each timestreak entry became with a hash of what
// was last sent, each entry's retry state, and the push job's watermark.
func clickupTimePush(tx *gorm.DB) error {
	type ClickupPushUser struct {
		UserID    string    `gorm:"primaryKey;size:36"`
		Push      bool      `gorm:"not null"`
		Since     time.Time `gorm:"not null"`
		UpdatedAt time.Time
	}
	type ClickupTimeEntry struct {
		EntryID    string `gorm:"primaryKey;size:36"`
		UserID     string `gorm:"size:36;not null;index"`
		ClickupID  string `gorm:"size:64;not null"`
		PushedHash string `gorm:"size:64;not null"`
		State      string `gorm:"size:16;not null"`
		Attempts   int    `gorm:"not null"`
		NextAt     *time.Time
		LastError  string `gorm:"size:500;not null"`
		UpdatedAt  time.Time
	}
	type ClickupPushState struct {
		ID        int `gorm:"primaryKey;autoIncrement:false"`
		Watermark *time.Time
		UpdatedAt time.Time
	}
	if err := tx.AutoMigrate(&ClickupPushUser{}, &ClickupTimeEntry{}, &ClickupPushState{}); err != nil {
		return err
	}
	return tx.Exec("CREATE INDEX idx_clickup_time_entries_retry ON clickup_time_entries (attempts, next_at)").Error
}
