package database

import "gorm.io/gorm"

// dayTotals keeps each user's logged minutes per date in a table of its own,
// maintained by triggers on entries, so that every entry write checks the
// 1,440-minute day limit and answers its pending points from one row instead
// of summing the date's entries. Triggers, not application code, because
// entries change in many places (API, timer, import, demo seeder, edits,
// soft deletes) and the total must never drift from the rows. Only live
// entries count; on_time_minutes counts the on-time, non-imported ones, as
// the scoring rules do.
func dayTotals(tx *gorm.DB) error {
	stmts := []string{
		`CREATE TABLE day_totals (
			user_id VARCHAR(36) NOT NULL,
			date VARCHAR(10) NOT NULL,
			minutes INTEGER NOT NULL DEFAULT 0,
			on_time_minutes INTEGER NOT NULL DEFAULT 0,
			PRIMARY KEY (user_id, date))`,
		`INSERT INTO day_totals (user_id, date, minutes, on_time_minutes)
			SELECT user_id, date, SUM(minutes), SUM(CASE WHEN on_time AND source <> 'import' THEN minutes ELSE 0 END)
			FROM entries WHERE deleted_at IS NULL GROUP BY user_id, date`,
	}
	if tx.Dialector.Name() == Postgres {
		stmts = append(stmts, `CREATE FUNCTION entries_day_totals() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL THEN
					UPDATE day_totals SET minutes = minutes - OLD.minutes,
						on_time_minutes = on_time_minutes - CASE WHEN OLD.on_time AND OLD.source <> 'import' THEN OLD.minutes ELSE 0 END
					WHERE user_id = OLD.user_id AND date = OLD.date;
				END IF;
				IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
					INSERT INTO day_totals (user_id, date, minutes, on_time_minutes)
					VALUES (NEW.user_id, NEW.date, NEW.minutes, CASE WHEN NEW.on_time AND NEW.source <> 'import' THEN NEW.minutes ELSE 0 END)
					ON CONFLICT (user_id, date) DO UPDATE SET minutes = day_totals.minutes + EXCLUDED.minutes,
						on_time_minutes = day_totals.on_time_minutes + EXCLUDED.on_time_minutes;
				END IF;
				RETURN NULL;
			END $$`,
			`CREATE TRIGGER entries_day_totals AFTER INSERT OR DELETE OR UPDATE OF user_id, date, minutes, on_time, source, deleted_at
				ON entries FOR EACH ROW EXECUTE FUNCTION entries_day_totals()`)
	} else {
		add := `INSERT INTO day_totals (user_id, date, minutes, on_time_minutes)
				SELECT NEW.user_id, NEW.date, NEW.minutes, CASE WHEN NEW.on_time AND NEW.source <> 'import' THEN NEW.minutes ELSE 0 END
				WHERE NEW.deleted_at IS NULL
				ON CONFLICT (user_id, date) DO UPDATE SET minutes = minutes + excluded.minutes,
					on_time_minutes = on_time_minutes + excluded.on_time_minutes;`
		subtract := `UPDATE day_totals SET minutes = minutes - OLD.minutes,
					on_time_minutes = on_time_minutes - CASE WHEN OLD.on_time AND OLD.source <> 'import' THEN OLD.minutes ELSE 0 END
				WHERE OLD.deleted_at IS NULL AND user_id = OLD.user_id AND date = OLD.date;`
		stmts = append(stmts,
			`CREATE TRIGGER entries_day_totals_insert AFTER INSERT ON entries BEGIN `+add+` END`,
			`CREATE TRIGGER entries_day_totals_delete AFTER DELETE ON entries BEGIN `+subtract+` END`,
			`CREATE TRIGGER entries_day_totals_update AFTER UPDATE OF user_id, date, minutes, on_time, source, deleted_at
				ON entries BEGIN `+subtract+` `+add+` END`)
	}
	// All or nothing, on SQLite too (gormigrate wraps only PostgreSQL's
	// migrations): a crash half-way would leave a table without triggers.
	return tx.Transaction(func(tx *gorm.DB) error {
		for _, stmt := range stmts {
			if err := tx.Exec(stmt).Error; err != nil {
				return err
			}
		}
		return nil
	})
}
