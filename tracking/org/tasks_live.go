package org

import (
	"context"
	"errors"
	"strings"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/store"
)

// LiveTask is a task time can be logged on: it exists and neither it nor
// its project is archived.
func (s *Organisation) LiveTask(ctx context.Context, id string) (*Task, error) {
	if strings.TrimSpace(id) == "" {
		return nil, valid.Invalid("task_id", "is required")
	}
	cached, gen, ok := s.tasks.Get(id)
	t := &cached
	if !ok {
		var err error
		t, err = s.Task(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil, valid.Invalid("task_id", "no such task")
		}
		if err != nil {
			return nil, err
		}
		s.tasks.Put(id, *t, gen)
	}
	if t.Archived || t.ProjectDone {
		return nil, valid.Invalid("task_id", "the task or its project is archived")
	}
	return t, nil
}
