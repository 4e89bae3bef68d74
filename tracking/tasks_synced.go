package tracking

import (
	"context"

	"gorm.io/gorm"
)

// CreateSyncedTask adds a task kept in sync with another tracker (no
// creator, no limit, archived when the other side has closed it) through
// tx, the caller's transaction: the caller's link to the task commits with
// it or not at all, so a crash in between cannot leave an unlinked twin
// that the next sync would create again.
func (s *Service) CreateSyncedTask(ctx context.Context, tx *gorm.DB, projectID, name, externalRef string, archived bool) (*Task, error) {
	p, err := s.Project(ctx, projectID)
	if err != nil {
		return nil, err
	}
	if p.Archived {
		return nil, &ConflictError{Reason: "the project is archived"}
	}
	now := s.Now()
	t := &Task{ID: newID(), ProjectID: p.ID, CreatedAt: now, UpdatedAt: now}
	if err := (TaskChange{Name: &name, ExternalRef: &externalRef, Archived: &archived}).apply(t); err != nil {
		return nil, err
	}
	if err := tx.Omit("project_name", "project_color", "project_done").Create(t).Error; err != nil {
		return nil, err
	}
	t.ProjectName, t.ProjectColor = p.Name, p.Color
	return t, nil
}
