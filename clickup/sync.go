package clickup

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store"
)

// syncOverlap is how far before the last sync an incremental sync looks, so
// that clock skew between ClickUp and this server loses no change;
// re-applying a change is harmless.
const syncOverlap = 5 * time.Minute

// fullSyncEvery is how often the sync reads every task again even when
// incremental runs would do: list pages never show a task that was
// deleted, archived or moved away, so only a full listing archives the
// twin of one whose webhook event was missed (or when there is no webhook).
const fullSyncEvery = 24 * time.Hour

// Sync brings the chosen lists' tasks over, subtasks and tasks added from
// other lists included, and reads the workspace's members again. The first
// run after connecting, and one a day after, reads every task, closed ones
// included, and archives linked tasks that no chosen list holds any more
// (deleted, archived, moved away or out of the token's reach); other runs
// read only the tasks updated since the last. Without a connection it
// does nothing.
func (s *Service) Sync(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, token, err := s.loadToken(ctx)
	if c == nil || err != nil {
		return err
	}
	start := s.clock.Now().UTC()
	var since Millis
	full := c.LastSyncAt == nil || c.FullSyncAt == nil || start.Sub(*c.FullSyncAt) >= fullSyncEvery
	if !full {
		since = MillisOf(c.LastSyncAt.Add(-syncOverlap))
	}
	seen := map[string]bool{}
	for _, listID := range c.lists() {
		if err := s.syncList(ctx, token, listID, since, seen); err != nil {
			return fmt.Errorf("clickup: sync list %s: %w", listID, err)
		}
	}
	done := map[string]any{"last_sync_at": start}
	if full {
		if err := s.removeUnseen(ctx, seen); err != nil {
			return err
		}
		done["full_sync_at"] = start
	}
	if err := s.refreshMembers(ctx, token, c); err != nil {
		return err
	}
	return s.db(ctx).Model(&connection{}).Where("id = 1").Updates(done).Error
}

// syncList applies every task of the list's pages and marks it seen. A
// task in several chosen lists is applied from each; its twin stays in the
// project it was made in.
func (s *Service) syncList(ctx context.Context, token, listID string, since Millis, seen map[string]bool) error {
	projectID, err := s.projectFor(ctx, token, listID)
	if err != nil {
		return err
	}
	for page := 0; ; page++ {
		p, err := s.client.ListTasks(ctx, token, listID, page, since)
		if err != nil {
			return err
		}
		for i := range p.Tasks {
			t := &p.Tasks[i]
			seen[string(t.ID)] = true
			if err := s.apply(ctx, listID, projectID, t); err != nil {
				return err
			}
		}
		if p.LastPage || len(p.Tasks) == 0 {
			return nil
		}
	}
}

// removeUnseen archives the twin of every linked task a full listing of
// the chosen lists lacks.
func (s *Service) removeUnseen(ctx context.Context, seen map[string]bool) error {
	var links []taskLink
	if err := s.db(ctx).Where("deleted = ?", false).Find(&links).Error; err != nil {
		return err
	}
	for _, l := range links {
		if !seen[l.ClickupID] {
			if err := s.remove(ctx, l.ClickupID); err != nil {
				return err
			}
		}
	}
	return nil
}

// projectFor is the list's project, created from the list's name the first time.
func (s *Service) projectFor(ctx context.Context, token, listID string) (string, error) {
	if l, err := s.listLink(ctx, listID); err == nil {
		return l.ProjectID, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	l, err := s.client.List(ctx, token, listID)
	if err != nil {
		return "", err
	}
	return s.ensureList(ctx, listID, l.Name)
}

// apply makes the task's timestreak twin match it: created the first time,
// then renamed, archived when closed, unarchived when reopened. A change not
// newer than the last one applied (a duplicate delivery, an overlap) does
// nothing.
func (s *Service) apply(ctx context.Context, listID, projectID string, t *Task) error {
	name := valid.Clip(valid.CleanName(t.Name), valid.MaxTaskNameChars)
	if name == "" {
		name = "ClickUp task " + string(t.ID)
	}
	closed := t.Closed()
	link, err := s.taskLink(ctx, string(t.ID))
	if errors.Is(err, store.ErrNotFound) {
		return s.create(ctx, listID, projectID, name, closed, t)
	}
	if err != nil {
		return err
	}
	if !link.Deleted && int64(t.DateUpdated) <= link.DateUpdated {
		return nil
	}
	if _, err := s.tasks.UpdateTask(ctx, link.TaskID, org.TaskChange{Name: &name, Archived: &closed}); err != nil {
		return err
	}
	return s.db(ctx).Model(&taskLink{}).Where("clickup_id = ?", link.ClickupID).
		Updates(map[string]any{"status": t.Status.Status, "date_updated": int64(t.DateUpdated), "deleted": false, "list_id": listID}).Error
}

// errLinkedMeanwhile rolls back a twin that another sync (or a webhook on
// another replica) linked first.
var errLinkedMeanwhile = errors.New("clickup: task linked meanwhile")

// create makes the task's twin and its link in one transaction: both or
// neither, so the next sync never makes a second twin.
func (s *Service) create(ctx context.Context, listID, projectID, name string, closed bool, t *Task) error {
	err := s.db(ctx).Transaction(func(tx *gorm.DB) error {
		task, err := s.tr.CreateSyncedTask(ctx, tx, projectID, name, string(t.ID), closed)
		if err != nil {
			return err
		}
		if s.afterTwin != nil {
			if err := s.afterTwin(); err != nil {
				return err
			}
		}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&taskLink{ClickupID: string(t.ID), TaskID: task.ID,
			ListID: listID, Status: t.Status.Status, DateUpdated: int64(t.DateUpdated)})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errLinkedMeanwhile
		}
		return nil
	})
	if errors.Is(err, errLinkedMeanwhile) {
		return nil
	}
	return err
}

// remove archives the twin of a task deleted in ClickUp; entries keep it.
func (s *Service) remove(ctx context.Context, clickupID string) error {
	link, err := s.taskLink(ctx, clickupID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil || link.Deleted {
		return err
	}
	archived := true
	if _, err := s.tasks.UpdateTask(ctx, link.TaskID, org.TaskChange{Archived: &archived}); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return s.db(ctx).Model(&taskLink{}).Where("clickup_id = ?", clickupID).Update("deleted", true).Error
}
