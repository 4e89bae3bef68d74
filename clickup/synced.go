package clickup

import "context"

// Synced tells whether the sync keeps the timestreak task taskID in step
// with a ClickUp task (it has a link, even to a task since deleted in
// ClickUp, which the sync restores if it comes back): such a task changes
// only through the sync (PRODUCT.md §7 "Tasks"). It reads the link table
// whether or not a workspace is connected.
func (s *Service) Synced(ctx context.Context, taskID string) (bool, error) {
	var ids []string
	err := s.data.R.WithContext(ctx).Model(&taskLink{}).Where("task_id = ?", taskID).Limit(1).Pluck("clickup_id", &ids).Error
	return len(ids) > 0, err
}
