package org

import (
	"context"

	"gorm.io/gorm"
)

// CreateSyncedTask adds a task kept in sync with another tracker (no
// creator, no limit, archived when the other side has closed it) through
// tx, the caller's transaction: the caller's link to the task commits with
// it or not at all, so a crash in between cannot leave an unlinked twin
// that the next sync would create again.
func (s *Organisation) CreateSyncedTask(ctx context.Context, tx *gorm.DB, projectID, name, externalRef string, archived bool) (*Task, error) {
	t, p, err := s.newTask(ctx, projectID, TaskChange{Name: &name, ExternalRef: &externalRef, Archived: &archived})
	if err != nil {
		return nil, err
	}
	if err := insertTask(tx, t, t, p); err != nil {
		return nil, err
	}
	return t, nil
}
