package database

import "gorm.io/gorm"

// taskCreator records who added each task (PRODUCT.md §7 "Tasks": its
// creator may rename or archive it while nobody else has logged time on
// it) and lets the per-user creation limit count a user's recent tasks from
// an index. Tasks made before, by the ClickUp sync or by an import keep the
// empty creator: only admins and leads change them.
func taskCreator(tx *gorm.DB) error {
	return tx.Transaction(func(tx *gorm.DB) error {
		for _, stmt := range []string{
			"ALTER TABLE tasks ADD COLUMN created_by VARCHAR(36) NOT NULL DEFAULT ''",
			"CREATE INDEX idx_tasks_created_by_at ON tasks (created_by, created_at)",
		} {
			if err := tx.Exec(stmt).Error; err != nil {
				return err
			}
		}
		return nil
	})
}
