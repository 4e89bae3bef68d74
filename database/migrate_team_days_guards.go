package database

import "gorm.io/gorm"

// teamDaysGuards closes, on PostgreSQL, the two ways team_days could drift
// from the entries there (SQLite runs one writer at a time and fires each
// row's trigger right after its row, so it needs neither):
//
//   - Concurrent writers. Under READ COMMITTED an entry written in one
//     transaction while another adds or moves a period holding its date
//     was counted by neither trigger: each ran before the other's row was
//     committed. Every write of an entry now takes a shared lock on its
//     person, every write of a period an exclusive one, before the row is
//     written and until the commit, so a period's trigger sees the entries
//     committed before it and an entry's trigger the periods; entries
//     never wait for each other.
//   - Statements that write several periods of one person in one team.
//     Row triggers run after the whole statement there, and each saw the
//     others' rows already written, counting an overlap twice or not at
//     all. Such a statement is refused (the app writes one period at a
//     time; maintenance by SQL must too).
func teamDaysGuards(tx *gorm.DB) error {
	if tx.Dialector.Name() != Postgres {
		return nil
	}
	// personLocks is the advisory lock class of a person's rows: the
	// second key is the hash of their id.
	const personLocks = "1953719662"
	lock := func(fn, kind string) string {
		return `CREATE FUNCTION ` + fn + `() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				IF TG_OP <> 'INSERT' THEN
					PERFORM ` + kind + `(` + personLocks + `, hashtext(OLD.user_id));
				END IF;
				IF TG_OP <> 'DELETE' THEN
					IF TG_OP = 'INSERT' OR NEW.user_id IS DISTINCT FROM OLD.user_id THEN
						PERFORM ` + kind + `(` + personLocks + `, hashtext(NEW.user_id));
					END IF;
					RETURN NEW;
				END IF;
				RETURN OLD;
			END $$`
	}
	onePeriod := func(event, table string) string {
		return `CREATE TRIGGER team_memberships_one_period_` + event + ` AFTER ` + event + ` ON team_memberships
			REFERENCING ` + table + ` TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION team_memberships_one_period()`
	}
	for _, s := range []string{
		lock("entries_person_lock", "pg_advisory_xact_lock_shared"),
		`CREATE TRIGGER entries_person_lock BEFORE INSERT OR UPDATE OR DELETE ON entries
			FOR EACH ROW EXECUTE FUNCTION entries_person_lock()`,
		lock("team_memberships_person_lock", "pg_advisory_xact_lock"),
		`CREATE TRIGGER team_memberships_person_lock BEFORE INSERT OR UPDATE OR DELETE ON team_memberships
			FOR EACH ROW EXECUTE FUNCTION team_memberships_person_lock()`,
		`CREATE FUNCTION team_memberships_one_period() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				IF EXISTS (SELECT 1 FROM written GROUP BY team_id, user_id HAVING COUNT(*) > 1) THEN
					RAISE EXCEPTION 'write one team period of a person per statement: team_days is kept row by row';
				END IF;
				RETURN NULL;
			END $$`,
		onePeriod("INSERT", "NEW"), onePeriod("UPDATE", "NEW"), onePeriod("DELETE", "OLD"),
	} {
		if err := tx.Exec(s).Error; err != nil {
			return err
		}
	}
	return nil
}
