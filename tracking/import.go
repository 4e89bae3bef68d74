package tracking

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store"
)

// ImportRow is one time record read from another tool's export. Problem,
// when set, is why the row could not be read; it is then only reported.
type ImportRow struct {
	Line     int
	Email    string
	UserName string
	Project  string
	Task     string
	Note     string
	Date     string
	Minutes  int
	Billable bool
	Hash     string // stable per source row: a second import of it adds nothing
	Problem  string
}

// ImportSource yields rows in file order and io.EOF after the last; any
// other error aborts the import.
type ImportSource interface {
	Next() (ImportRow, error)
}

// ImportError is a row that cannot be imported.
type ImportError struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// ImportUser is what an import gives one existing user.
type ImportUser struct {
	ID      string `json:"id"`
	Email   string `json:"email"`
	Name    string `json:"name"`
	Entries int    `json:"entries"`
	Minutes int    `json:"minutes"`
}

// ImportReport is what an import did, or would do in a dry run.
type ImportReport struct {
	DryRun                  bool          `json:"dry_run"`
	Users                   []ImportUser  `json:"users"`
	ProjectsCreated         []string      `json:"projects_created"`
	TasksCreated            []string      `json:"tasks_created"`
	EntriesCreated          int           `json:"entries_created"`
	EntriesSkippedDuplicate int           `json:"entries_skipped_duplicate"`
	Errors                  []ImportError `json:"errors"`
}

// Names given to rows without a project or a task.
const (
	ImportNoProject = "No project"
	ImportNoTask    = "General"
)

const importBatch = 500

var errDryRun = errors.New("dry run: roll back")

// ImportOptions tune one import.
type ImportOptions struct {
	DryRun bool
	// MatchNames lets a row whose email finds nobody (or that has none)
	// find its user by name, and only when exactly one active user has
	// that name (PRODUCT.md §7 "Imports"). Off, people are matched by email
	// only: anyone can rename themselves, nobody can change their email.
	MatchNames bool
}

// Import writes the rows of one file as entries of existing users, in one
// transaction, creating missing projects and tasks. Users are matched by
// email (and by name only if opt.MatchNames); rows whose hash is already stored are skipped. The
// entries are history: source import, never on time, no scoring, and the
// lock window does not apply, but a day still holds at most 1440 minutes.
// A dry run does the same work and rolls it back, so its report is exactly
// what the real run would do.
func (s *Service) Import(ctx context.Context, src ImportSource, opt ImportOptions) (*ImportReport, error) {
	dryRun := opt.DryRun
	rep := &ImportReport{DryRun: dryRun, Users: []ImportUser{}, ProjectsCreated: []string{},
		TasksCreated: []string{}, Errors: []ImportError{}}
	err := s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		// Imports take turns: each locks its people batch by batch, in the
		// file's order, and two at once could each hold whom the other
		// waits for (PostgreSQL ends one of them as a deadlock).
		if err := s.db.TakeTurn(tx, "import"); err != nil {
			return err
		}
		im, err := s.newImporter(ctx, tx, rep, opt.MatchNames)
		if err != nil {
			return err
		}
		batch := make([]ImportRow, 0, importBatch)
		for {
			row, err := src.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			batch = append(batch, row)
			if len(batch) == importBatch {
				if err := im.flush(batch); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		if err := im.flush(batch); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return nil, err
	}
	slices.SortStableFunc(rep.Errors, func(a, b ImportError) int { return a.Line - b.Line })
	return rep, nil
}

// importer holds one import's lookups; it lives inside its transaction.
type importer struct {
	s        *Service
	ctx      context.Context
	names    bool // match by name too: see ImportOptions.MatchNames
	tx       *gorm.DB
	rep      *ImportReport
	byEmail  map[string]*auth.User
	byName   map[string][]*auth.User // active users only
	projects map[string]string       // lower name -> id
	tasks    map[string]string       // project id + "\x00" + lower name -> id
	dayTotal map[string]int          // user id + date -> minutes
	reported map[string]int          // user id -> index in rep.Users
	locked   map[string]bool
}

func (s *Service) newImporter(ctx context.Context, tx *gorm.DB, rep *ImportReport, names bool) (*importer, error) {
	im := &importer{s: s, ctx: ctx, tx: tx, names: names, rep: rep, byEmail: map[string]*auth.User{}, byName: map[string][]*auth.User{},
		projects: map[string]string{}, tasks: map[string]string{}, dayTotal: map[string]int{}, reported: map[string]int{},
		locked: map[string]bool{}}
	var users []auth.User
	if err := tx.Order("created_at, id").Find(&users).Error; err != nil {
		return nil, err
	}
	for i := range users {
		u := &users[i]
		im.byEmail[valid.NormalizeEmail(u.Email)] = u
		if u.Active {
			key := strings.ToLower(strings.TrimSpace(u.Name))
			im.byName[key] = append(im.byName[key], u)
		}
	}
	var projects []org.Project
	if err := tx.Order("created_at, id").Find(&projects).Error; err != nil {
		return nil, err
	}
	for _, p := range projects {
		if _, ok := im.projects[strings.ToLower(p.Name)]; !ok {
			im.projects[strings.ToLower(p.Name)] = p.ID
		}
	}
	var tasks []org.Task
	if err := tx.Table("tasks").Select("id, project_id, name").Order("created_at, id").Scan(&tasks).Error; err != nil {
		return nil, err
	}
	for _, t := range tasks {
		key := t.ProjectID + "\x00" + strings.ToLower(t.Name)
		if _, ok := im.tasks[key]; !ok {
			im.tasks[key] = t.ID
		}
	}
	return im, nil
}

// pending is a row that passed the per-row checks.
type pending struct {
	row  ImportRow
	user *auth.User
}

func (im *importer) fail(line int, format string, args ...any) {
	im.rep.Errors = append(im.rep.Errors, ImportError{Line: line, Reason: fmt.Sprintf(format, args...)})
}

func (im *importer) flush(batch []ImportRow) error {
	now := im.s.Now()
	var ok []pending
	for _, r := range batch {
		if r.Problem != "" {
			im.fail(r.Line, "%s", r.Problem)
			continue
		}
		u, reason := im.user(r)
		if u == nil {
			im.fail(r.Line, "%s", reason)
			continue
		}
		if reason := im.check(r, u, auth.LocalToday(now, u)); reason != "" {
			im.fail(r.Line, "%s", reason)
			continue
		}
		ok = append(ok, pending{row: r, user: u})
	}
	ok, err := im.dropDuplicates(ok)
	if err != nil {
		return err
	}
	if err := im.loadDayTotals(ok); err != nil {
		return err
	}
	entries := make([]importedEntry, 0, len(ok))
	for _, p := range ok {
		key := p.user.ID + p.row.Date
		if total := im.dayTotal[key] + p.row.Minutes; total > valid.MaxDayMinutes {
			im.fail(p.row.Line, "would make %s total %d minutes for %s; a day holds at most 1440",
				p.row.Date, total, p.user.Email)
			continue
		}
		taskID, projectID, err := im.task(p.row)
		if err != nil {
			return err
		}
		im.dayTotal[key] += p.row.Minutes
		entries = append(entries, importedEntry{Entry: Entry{
			ID: store.NewID(), UserID: p.user.ID, TaskID: taskID, ProjectID: projectID, Date: p.row.Date,
			Minutes: p.row.Minutes, Note: p.row.Note, Billable: p.row.Billable, Source: SourceImport,
			DatedAt: now, DatedOn: auth.LocalToday(now, p.user), Stamps: store.Stamps{CreatedAt: now, UpdatedAt: now},
		}, ImportHash: p.row.Hash})
		im.count(p.user, p.row.Minutes)
	}
	if len(entries) == 0 {
		return nil
	}
	im.rep.EntriesCreated += len(entries)
	return im.tx.CreateInBatches(entries, 250).Error
}

// importedEntry is an entry with the hash of the row it came from.
type importedEntry struct {
	Entry
	ImportHash string
}

func (importedEntry) TableName() string { return "entries" }

// user finds the row's user by email; by name only when the import asks
// for it, and only a name exactly one active user has.
func (im *importer) user(r ImportRow) (*auth.User, string) {
	for _, e := range []string{r.Email, r.UserName} { // some exports put the email in the user column
		if u := im.byEmail[valid.NormalizeEmail(e)]; u != nil && e != "" {
			return u, ""
		}
	}
	name := strings.ToLower(strings.TrimSpace(r.UserName))
	switch {
	case r.Email == "" && name == "":
		return nil, "the row names no user"
	case !im.names && r.Email == "":
		return nil, fmt.Sprintf("the row has no email, only the name %q: people are matched by email, by name only with --match-names (match=names)", r.UserName)
	case !im.names:
		return nil, fmt.Sprintf("no user with email %q: create the user first", r.Email)
	case name == "":
		return nil, fmt.Sprintf("no user with email %q: create the user first", r.Email)
	}
	switch us := im.byName[name]; len(us) {
	case 1:
		return us[0], ""
	case 0:
		return nil, fmt.Sprintf("no user with email %q and no active user named %q: create the user first", r.Email, r.UserName)
	default:
		return nil, fmt.Sprintf("%d active users are named %q: give the row an email", len(us), r.UserName)
	}
}

func (im *importer) check(r ImportRow, u *auth.User, today string) string {
	if !civil.Valid(r.Date) {
		return fmt.Sprintf("date %q is not a date", r.Date)
	}
	if r.Date > today {
		return fmt.Sprintf("date %s is after the user's local today (%s)", r.Date, today)
	}
	if valid.Minutes("minutes", r.Minutes) != nil {
		return fmt.Sprintf("duration of %d minutes: an entry is 1 to %d minutes", r.Minutes, valid.MaxDayMinutes)
	}
	if p := valid.TextProblem(r.Note); p != "" {
		return "note: " + p
	}
	if valid.Longer(r.Note, valid.MaxNoteChars) {
		return fmt.Sprintf("note longer than %d characters", valid.MaxNoteChars)
	}
	if p := valid.NameProblem(strings.TrimSpace(r.Project)); p != "" {
		return "project name: " + p
	}
	if valid.Longer(strings.TrimSpace(r.Project), valid.MaxNameChars) {
		return fmt.Sprintf("project name longer than %d characters", valid.MaxNameChars)
	}
	if p := valid.NameProblem(strings.TrimSpace(r.Task)); p != "" {
		return "task name: " + p
	}
	if valid.Longer(strings.TrimSpace(r.Task), valid.MaxTaskNameChars) {
		return fmt.Sprintf("task name longer than %d characters", valid.MaxTaskNameChars)
	}
	if r.Hash == "" {
		return "the row has no hash"
	}
	return ""
}

// dropDuplicates skips rows whose hash is stored already, deleted entries
// included: a deleted imported entry stays deleted on a second import.
func (im *importer) dropDuplicates(ps []pending) ([]pending, error) {
	if len(ps) == 0 {
		return ps, nil
	}
	byUser := map[string][]string{}
	for _, p := range ps {
		byUser[p.user.ID] = append(byUser[p.user.ID], p.row.Hash)
	}
	seen := map[string]bool{}
	for _, userID := range slices.Sorted(maps.Keys(byUser)) {
		// Locked (on PostgreSQL) in id order, as batches of entries lock
		// them, and before the look, which then sees every committed row.
		if !im.locked[userID] {
			if err := im.s.lockUser(im.tx, userID); err != nil {
				return nil, err
			}
			im.locked[userID] = true
		}
		hashes := byUser[userID]
		var found []string
		if err := im.tx.Table("entries").Where("user_id = ? AND import_hash IN ?", userID, hashes).
			Pluck("import_hash", &found).Error; err != nil {
			return nil, err
		}
		for _, h := range found {
			seen[userID+h] = true
		}
	}
	out := ps[:0]
	for _, p := range ps {
		if seen[p.user.ID+p.row.Hash] {
			im.rep.EntriesSkippedDuplicate++
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

// loadDayTotals reads the logged minutes of the dates the rows touch that
// this import has not seen yet; on PostgreSQL it locks each user first, as
// logging time does.
func (im *importer) loadDayTotals(ps []pending) error {
	dates := map[string]map[string]bool{}
	for _, p := range ps {
		if _, ok := im.dayTotal[p.user.ID+p.row.Date]; ok {
			continue
		}
		if dates[p.user.ID] == nil {
			dates[p.user.ID] = map[string]bool{}
			if !im.locked[p.user.ID] {
				if err := im.s.lockUser(im.tx, p.user.ID); err != nil {
					return err
				}
				im.locked[p.user.ID] = true
			}
		}
		dates[p.user.ID][p.row.Date] = true
	}
	for userID, set := range dates {
		list := make([]string, 0, len(set))
		for d := range set {
			list = append(list, d)
			im.dayTotal[userID+d] = 0
		}
		var rows []struct {
			Date    string
			Minutes int
		}
		if err := im.tx.Model(&Entry{}).Select("date, SUM(minutes) AS minutes").
			Where("user_id = ? AND date IN ?", userID, list).Group("date").Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			im.dayTotal[userID+r.Date] = r.Minutes
		}
	}
	return nil
}

// task finds or creates the row's project and task.
func (im *importer) task(r ImportRow) (taskID, projectID string, err error) {
	pname := strings.TrimSpace(r.Project)
	if pname == "" {
		pname = ImportNoProject
	}
	tname := strings.TrimSpace(r.Task)
	if tname == "" {
		tname = ImportNoTask
	}
	now := im.s.Now()
	projectID, ok := im.projects[strings.ToLower(pname)]
	if !ok {
		p := &org.Project{ID: store.NewID(), Name: pname, Color: org.DefaultColor, Stamps: store.Stamps{CreatedAt: now, UpdatedAt: now}}
		if err := im.tx.Create(p).Error; err != nil {
			return "", "", err
		}
		projectID = p.ID
		im.projects[strings.ToLower(pname)] = p.ID
		im.rep.ProjectsCreated = append(im.rep.ProjectsCreated, pname)
	}
	key := projectID + "\x00" + strings.ToLower(tname)
	taskID, ok = im.tasks[key]
	if !ok {
		t := &org.Task{ID: store.NewID(), ProjectID: projectID, Name: tname, Stamps: store.Stamps{CreatedAt: now, UpdatedAt: now}}
		if err := im.tx.Omit("project_name", "project_color", "project_done").Create(t).Error; err != nil {
			return "", "", err
		}
		taskID = t.ID
		im.tasks[key] = t.ID
		im.rep.TasksCreated = append(im.rep.TasksCreated, pname+" / "+tname)
	}
	return taskID, projectID, nil
}

func (im *importer) count(u *auth.User, minutes int) {
	i, ok := im.reported[u.ID]
	if !ok {
		i = len(im.rep.Users)
		im.reported[u.ID] = i
		im.rep.Users = append(im.rep.Users, ImportUser{ID: u.ID, Email: u.Email, Name: u.Name})
	}
	im.rep.Users[i].Entries++
	im.rep.Users[i].Minutes += minutes
}
