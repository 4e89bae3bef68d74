package org

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store"
)

// DefaultColor is a project's colour when none is given.
const DefaultColor = "#4f46e5"

// ProjectChange is a change to a project; nil fields stay.
type ProjectChange struct {
	Name     *string
	Color    *string
	Archived *bool
}

func (ch ProjectChange) apply(p *Project) error {
	var errs valid.Fields
	if ch.Name != nil {
		name, err := valid.Name("name", *ch.Name, valid.MaxNameChars)
		p.Name = name
		errs.From(err)
	}
	if ch.Color != nil {
		color, err := valid.Color("color", *ch.Color)
		p.Color = color
		errs.From(err)
	}
	if ch.Archived != nil {
		p.Archived = *ch.Archived
	}
	return errs.Err()
}

// CreateProject adds a project.
func (s *Organisation) CreateProject(ctx context.Context, name string, color *string) (*Project, error) {
	now := s.Now()
	p := &Project{ID: store.NewID(), Color: DefaultColor, Stamps: store.Stamps{CreatedAt: now, UpdatedAt: now}}
	if err := (ProjectChange{Name: &name, Color: color}).apply(p); err != nil {
		return nil, err
	}
	return p, s.db.Engine(ctx).Create(p).Error
}

// Projects lists every project, by name.
func (s *Organisation) Projects(ctx context.Context) ([]Project, error) {
	ps := []Project{}
	return ps, s.db.Reader(ctx).Order("name, id").Find(&ps).Error
}

// Project loads one project.
func (s *Organisation) Project(ctx context.Context, id string) (*Project, error) {
	var p Project
	if err := s.db.Reader(ctx).Where("id = ?", id).Take(&p).Error; err != nil {
		return nil, store.NotFound(err)
	}
	return &p, nil
}

// UpdateProject changes a project. Archiving it does not stop the timers
// running on its tasks: that logs time, which the game's use case
// (game.Engine.UpdateProject) does next.
func (s *Organisation) UpdateProject(ctx context.Context, id string, ch ProjectChange) (*Project, error) {
	defer s.tasks.Clear()
	p, err := s.Project(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := ch.apply(p); err != nil {
		return nil, err
	}
	p.UpdatedAt = s.Now()
	if err := s.db.Engine(ctx).Model(p).Select("name", "color", "archived", "updated_at").Updates(p).Error; err != nil {
		return nil, err
	}
	return p, nil
}

// TaskChange is a change to a task; nil fields stay.
type TaskChange struct {
	Name        *string
	ExternalRef *string
	Archived    *bool
}

func (ch TaskChange) apply(t *Task) error {
	var errs valid.Fields
	if ch.Name != nil {
		name, err := valid.Name("name", *ch.Name, valid.MaxTaskNameChars)
		t.Name = name
		errs.From(err)
	}
	if ch.ExternalRef != nil {
		// A reference is an identifier people read and match on: the name
		// rules, but it may be empty.
		t.ExternalRef = strings.TrimSpace(*ch.ExternalRef)
		if p := valid.NameProblem(t.ExternalRef); p != "" {
			errs.Add("external_ref", "%s", p)
		} else {
			errs.From(valid.Text("external_ref", t.ExternalRef, valid.MaxKeyChars))
		}
	}
	if ch.Archived != nil {
		t.Archived = *ch.Archived
	}
	return errs.Err()
}

// TasksPerHour is how many tasks one person may add in an hour: far more
// than anyone adds by hand, far fewer than a script flooding the task lists.
const TasksPerHour = 200

// AddTask adds a task to a live project on u's behalf; anyone may, up to
// TasksPerHour an hour. u becomes the task's creator (see
// tracking.Service.EditTask).
func (s *Organisation) AddTask(ctx context.Context, u *auth.User, projectID, name string, externalRef *string) (*Task, error) {
	return s.createTask(ctx, u.ID, projectID, name, externalRef)
}

// CreateTask adds a task with no creator and no limit: for the ClickUp
// sync, whose tasks only admins and leads (and the sync) change.
func (s *Organisation) CreateTask(ctx context.Context, projectID, name string, externalRef *string) (*Task, error) {
	return s.createTask(ctx, "", projectID, name, externalRef)
}

// createdTask is a new task with its creator, a column only the edit rules
// and the creation limit read.
type createdTask struct {
	Task
	CreatedBy string
}

func (createdTask) TableName() string { return "tasks" }

func (s *Organisation) createTask(ctx context.Context, creator, projectID, name string, externalRef *string) (*Task, error) {
	t, p, err := s.newTask(ctx, projectID, TaskChange{Name: &name, ExternalRef: externalRef})
	if err != nil {
		return nil, err
	}
	err = s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		if creator != "" {
			if err := s.checkTaskLimit(tx, creator, t.CreatedAt); err != nil {
				return err
			}
		}
		return insertTask(tx, &createdTask{Task: *t, CreatedBy: creator}, t, p)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// newTask is the task ch makes in the project projectID, which must be
// live; it is not stored yet.
func (s *Organisation) newTask(ctx context.Context, projectID string, ch TaskChange) (*Task, *Project, error) {
	p, err := s.Project(ctx, projectID)
	if err != nil {
		return nil, nil, err
	}
	if p.Archived {
		return nil, nil, &store.ConflictError{Reason: "the project is archived"}
	}
	now := s.Now()
	t := &Task{ID: store.NewID(), ProjectID: p.ID, Stamps: store.Stamps{CreatedAt: now, UpdatedAt: now}}
	if err := ch.apply(t); err != nil {
		return nil, nil, err
	}
	return t, p, nil
}

// insertTask stores row (t, with its creator or not) through tx and gives
// t its project's name and colour.
func insertTask(tx *gorm.DB, row any, t *Task, p *Project) error {
	if err := tx.Omit("project_name", "project_color", "project_done").Create(row).Error; err != nil {
		return err
	}
	t.ProjectName, t.ProjectColor = p.Name, p.Color
	return nil
}

// checkTaskLimit refuses a creator's task past TasksPerHour in the last
// hour. The creator's row is locked first (PostgreSQL; SQLite has one
// writer), so a burst of parallel requests cannot all pass the count.
func (s *Organisation) checkTaskLimit(tx *gorm.DB, creator string, now time.Time) error {
	if err := s.db.LockRows(tx, "users", creator); err != nil {
		return err
	}
	var recent []time.Time
	if err := tx.Model(&createdTask{}).Where("created_by = ? AND created_at > ?", creator, now.Add(-time.Hour)).
		Order("created_at DESC").Limit(TasksPerHour).Pluck("created_at", &recent).Error; err != nil {
		return err
	}
	if len(recent) < TasksPerHour {
		return nil
	}
	wait := recent[len(recent)-1].Add(time.Hour).Sub(now)
	return &store.RateLimitError{RetryAfter: max(wait, time.Second),
		Reason: fmt.Sprintf("You have added %d tasks in the last hour, the most one person may; try again later.", TasksPerHour)}
}

func (s *Organisation) taskQuery(ctx context.Context) *gorm.DB {
	return s.db.Reader(ctx).Table("tasks").
		Select("tasks.*, projects.name AS project_name, projects.color AS project_color, projects.archived AS project_done").
		Joins("JOIN projects ON projects.id = tasks.project_id")
}

// TasksByID loads tasks with their projects' names.
func (s *Organisation) TasksByID(ctx context.Context, ids []string) ([]Task, error) {
	var ts []Task
	return ts, s.taskQuery(ctx).Where("tasks.id IN ?", ids).Scan(&ts).Error
}

// TaskCreator is the id of the person who added a task, "" for a task
// with no creator (made by the ClickUp sync or an import).
func (s *Organisation) TaskCreator(ctx context.Context, id string) (string, error) {
	var creator string
	return creator, s.db.Reader(ctx).Model(&createdTask{}).Where("id = ?", id).Pluck("created_by", &creator).Error
}

// Task loads one task with its project's name.
func (s *Organisation) Task(ctx context.Context, id string) (*Task, error) {
	var t Task
	res := s.taskQuery(ctx).Where("tasks.id = ?", id).Limit(1).Scan(&t)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, store.ErrNotFound
	}
	return &t, nil
}

func encodeTaskCursor(t Task) string {
	return base64.RawURLEncoding.EncodeToString([]byte(t.Name + "\x00" + t.ID))
}

func decodeTaskCursor(s string) (name, id string, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return "", "", false
	}
	i := strings.LastIndexByte(string(b), 0)
	if i < 0 || i == len(b)-1 || valid.TextProblem(string(b[:i])) != "" {
		return "", "", false
	}
	return string(b[:i]), string(b[i+1:]), true
}

// ProjectTasks lists a project's tasks by name, those whose name contains
// q (any case; "" for all), a page of at most limit (0: store.DefaultLimit;
// at most store.MaxLimit) after the cursor; next is the cursor of the following
// page, "" after the last.
func (s *Organisation) ProjectTasks(ctx context.Context, projectID, q string, limit int, cursor string) (ts []Task, next string, err error) {
	if limit < 0 {
		return nil, "", valid.Invalid("limit", "must be a positive number")
	}
	if err := valid.Text("q", q, valid.MaxSearchChars); err != nil {
		return nil, "", err
	}
	if limit == 0 {
		limit = store.DefaultLimit
	}
	limit = min(limit, store.MaxLimit)
	if _, err := s.Project(ctx, projectID); err != nil {
		return nil, "", err
	}
	query := s.taskQuery(ctx).Where("tasks.project_id = ?", projectID)
	if q = strings.TrimSpace(q); q != "" {
		query = query.Where(s.db.FoldedContains("tasks.name", q))
	}
	if cursor != "" {
		name, id, ok := decodeTaskCursor(cursor)
		if !ok {
			return nil, "", valid.Invalid("cursor", "is not a cursor this server gave out")
		}
		query = query.Where("tasks.name > ? OR (tasks.name = ? AND tasks.id > ?)", name, name, id)
	}
	ts = []Task{}
	if err := query.Order("tasks.name, tasks.id").Limit(limit + 1).Scan(&ts).Error; err != nil {
		return nil, "", err
	}
	if len(ts) > limit {
		ts = ts[:limit]
		next = encodeTaskCursor(ts[limit-1])
	}
	return ts, next, nil
}

// SearchTasks finds live tasks whose name contains q, case-insensitively.
func (s *Organisation) SearchTasks(ctx context.Context, q string, limit int) ([]Task, error) {
	if err := valid.Text("q", q, valid.MaxSearchChars); err != nil {
		return nil, err
	}
	ts := []Task{}
	query := s.taskQuery(ctx).Where("tasks.archived = ? AND projects.archived = ?", false, false)
	if q = strings.TrimSpace(q); q != "" {
		query = query.Where(s.db.FoldedContains("tasks.name", q))
	}
	return ts, query.Order("tasks.name, tasks.id").Limit(limit).Scan(&ts).Error
}

// UpdateTask changes a task, as the sync or an allowed person does. As
// with a project, game.Engine.UpdateTask stops the timers an archive
// leaves running.
func (s *Organisation) UpdateTask(ctx context.Context, id string, ch TaskChange) (*Task, error) {
	defer s.tasks.Clear()
	t, err := s.Task(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := ch.apply(t); err != nil {
		return nil, err
	}
	t.UpdatedAt = s.Now()
	if err := s.db.Engine(ctx).Model(t).Select("name", "external_ref", "archived", "updated_at").Updates(t).Error; err != nil {
		return nil, err
	}
	return t, nil
}
