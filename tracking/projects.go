package tracking

import (
	"context"
	"regexp"
	"strings"

	"gorm.io/gorm"
)

var colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// DefaultColor is a project's colour when none is given.
const DefaultColor = "#4f46e5"

// ProjectChange is a change to a project; nil fields stay.
type ProjectChange struct {
	Name     *string
	Color    *string
	Archived *bool
}

func (ch ProjectChange) apply(p *Project) error {
	var errs fieldErrors
	if ch.Name != nil {
		p.Name = strings.TrimSpace(*ch.Name)
		if p.Name == "" || len(p.Name) > 200 {
			errs.add("name", "must be 1 to 200 characters")
		}
	}
	if ch.Color != nil {
		p.Color = strings.ToLower(*ch.Color)
		if !colorPattern.MatchString(p.Color) {
			errs.add("color", "must be a colour like #4f46e5")
		}
	}
	if ch.Archived != nil {
		p.Archived = *ch.Archived
	}
	return errs.err()
}

// CreateProject adds a project.
func (s *Service) CreateProject(ctx context.Context, name string, color *string) (*Project, error) {
	now := s.Now()
	p := &Project{ID: newID(), Color: DefaultColor, CreatedAt: now, UpdatedAt: now}
	if err := (ProjectChange{Name: &name, Color: color}).apply(p); err != nil {
		return nil, err
	}
	return p, s.db.W.WithContext(ctx).Create(p).Error
}

// Projects lists every project, by name.
func (s *Service) Projects(ctx context.Context) ([]Project, error) {
	ps := []Project{}
	return ps, s.db.R.WithContext(ctx).Order("name, id").Find(&ps).Error
}

// Project loads one project.
func (s *Service) Project(ctx context.Context, id string) (*Project, error) {
	var p Project
	if err := s.db.R.WithContext(ctx).Where("id = ?", id).Take(&p).Error; err != nil {
		return nil, notFound(err)
	}
	return &p, nil
}

// UpdateProject changes a project.
func (s *Service) UpdateProject(ctx context.Context, id string, ch ProjectChange) (*Project, error) {
	defer s.tasks.clear()
	p, err := s.Project(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := ch.apply(p); err != nil {
		return nil, err
	}
	p.UpdatedAt = s.Now()
	return p, s.db.W.WithContext(ctx).Model(p).Select("name", "color", "archived", "updated_at").Updates(p).Error
}

// TaskChange is a change to a task; nil fields stay.
type TaskChange struct {
	Name        *string
	ExternalRef *string
	Archived    *bool
}

func (ch TaskChange) apply(t *Task) error {
	var errs fieldErrors
	if ch.Name != nil {
		t.Name = strings.TrimSpace(*ch.Name)
		if t.Name == "" || len(t.Name) > 300 {
			errs.add("name", "must be 1 to 300 characters")
		}
	}
	if ch.ExternalRef != nil {
		t.ExternalRef = strings.TrimSpace(*ch.ExternalRef)
		if len(t.ExternalRef) > 200 {
			errs.add("external_ref", "must be at most 200 characters")
		}
	}
	if ch.Archived != nil {
		t.Archived = *ch.Archived
	}
	return errs.err()
}

// CreateTask adds a task to a live project; anyone may.
func (s *Service) CreateTask(ctx context.Context, projectID, name string, externalRef *string) (*Task, error) {
	p, err := s.Project(ctx, projectID)
	if err != nil {
		return nil, err
	}
	if p.Archived {
		return nil, &ConflictError{Reason: "the project is archived"}
	}
	now := s.Now()
	t := &Task{ID: newID(), ProjectID: p.ID, CreatedAt: now, UpdatedAt: now}
	if err := (TaskChange{Name: &name, ExternalRef: externalRef}).apply(t); err != nil {
		return nil, err
	}
	if err := s.db.W.WithContext(ctx).Omit("project_name", "project_color", "project_done").Create(t).Error; err != nil {
		return nil, err
	}
	t.ProjectName, t.ProjectColor = p.Name, p.Color
	return t, nil
}

func (s *Service) taskQuery(ctx context.Context) *gorm.DB {
	return s.db.R.WithContext(ctx).Table("tasks").
		Select("tasks.*, projects.name AS project_name, projects.color AS project_color, projects.archived AS project_done").
		Joins("JOIN projects ON projects.id = tasks.project_id")
}

// Task loads one task with its project's name.
func (s *Service) Task(ctx context.Context, id string) (*Task, error) {
	var t Task
	res := s.taskQuery(ctx).Where("tasks.id = ?", id).Limit(1).Scan(&t)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, ErrNotFound
	}
	return &t, nil
}

// ProjectTasks lists a project's tasks, by name.
func (s *Service) ProjectTasks(ctx context.Context, projectID string) ([]Task, error) {
	if _, err := s.Project(ctx, projectID); err != nil {
		return nil, err
	}
	ts := []Task{}
	return ts, s.taskQuery(ctx).Where("tasks.project_id = ?", projectID).Order("tasks.name, tasks.id").Scan(&ts).Error
}

// SearchTasks finds live tasks whose name contains q, case-insensitively.
func (s *Service) SearchTasks(ctx context.Context, q string, limit int) ([]Task, error) {
	ts := []Task{}
	query := s.taskQuery(ctx).Where("tasks.archived = ? AND projects.archived = ?", false, false)
	if q = strings.TrimSpace(q); q != "" {
		query = query.Where("LOWER(tasks.name) LIKE ? ESCAPE '\\'", "%"+escapeLike(strings.ToLower(q))+"%")
	}
	return ts, query.Order("tasks.name, tasks.id").Limit(limit).Scan(&ts).Error
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// UpdateTask changes a task.
func (s *Service) UpdateTask(ctx context.Context, id string, ch TaskChange) (*Task, error) {
	defer s.tasks.clear()
	t, err := s.Task(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := ch.apply(t); err != nil {
		return nil, err
	}
	t.UpdatedAt = s.Now()
	return t, s.db.W.WithContext(ctx).Model(t).Select("name", "external_ref", "archived", "updated_at").Updates(t).Error
}
