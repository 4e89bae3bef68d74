package tracking

import (
	"context"

	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store"
)

// EditTask is a person's change to a task (PRODUCT.md §7 "Tasks"): admins
// and leads of any team may; the task's creator may while nobody else has
// logged time on it or runs a timer on it; a task kept in sync with ClickUp (synced) changes only
// through the sync.
func (s *Service) EditTask(ctx context.Context, by *auth.User, id string, ch org.TaskChange, synced bool) (*org.Task, error) {
	if _, err := s.Task(ctx, id); err != nil {
		return nil, err
	}
	if synced {
		return nil, &store.ForbiddenError{Reason: "this task is kept in sync with ClickUp: change it there"}
	}
	if err := s.mayEditTask(ctx, by, id); err != nil {
		return nil, err
	}
	return s.UpdateTask(ctx, id, ch)
}

func (s *Service) mayEditTask(ctx context.Context, u *auth.User, taskID string) error {
	if u.IsAdmin() {
		return nil
	}
	db := s.db.Reader(ctx)
	var leads int64
	if err := db.Model(&org.TeamMember{}).Where("user_id = ? AND role = ?", u.ID, auth.RoleLead).Limit(1).Count(&leads).Error; err != nil {
		return err
	}
	if leads > 0 {
		return nil
	}
	creator, err := s.TaskCreator(ctx, taskID)
	if err != nil {
		return err
	}
	if creator == "" || creator != u.ID {
		return &store.ForbiddenError{Reason: "only the task's creator, a team lead or an admin can change this task"}
	}
	var others []string
	if err := db.Model(&Entry{}).Where("task_id = ? AND user_id <> ?", taskID, u.ID).Limit(1).Pluck("id", &others).Error; err != nil {
		return err
	}
	if len(others) > 0 {
		return &store.ForbiddenError{Reason: "someone else has logged time on this task: only a team lead or an admin can change it now"}
	}
	// A timer someone else runs is time logged the moment it stops (and an
	// archive stops it): it counts as theirs already.
	if err := db.Model(&Timer{}).Where("task_id = ? AND user_id <> ?", taskID, u.ID).Limit(1).Pluck("user_id", &others).Error; err != nil {
		return err
	}
	if len(others) > 0 {
		return &store.ForbiddenError{Reason: "someone else is timing this task: only a team lead or an admin can change it now"}
	}
	return nil
}
