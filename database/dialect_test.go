package database

import "testing"

// TestRender: one text, two dialects: lists as json_each or unnest, their
// columns as JSON paths on SQLite, $n placeholders and plain JOINs on
// PostgreSQL.
func TestRender(t *testing.T) {
	sql := `SELECT k.user_id, t.minutes FROM LIST(k, user_id, date) CROSS JOIN day_totals t ON t.user_id = k.user_id AND t.date = k.date WHERE t.minutes > ?
		UNION ALL SELECT s.user_id, 0 FROM LIST(j, user_id) CROSS JOIN game_states s ON s.user_id = j.user_id`
	for _, c := range []struct{ dialect, want string }{
		{SQLite, `SELECT k.value->>0, t.minutes FROM json_each(?) k CROSS JOIN day_totals t ON t.user_id = k.value->>0 AND t.date = k.value->>1 WHERE t.minutes > ?
		UNION ALL SELECT s.user_id, 0 FROM json_each(?) j CROSS JOIN game_states s ON s.user_id = j.value`},
		{Postgres, `SELECT k.user_id, t.minutes FROM unnest($1::text[], $2::text[]) AS k(user_id, date) JOIN day_totals t ON t.user_id = k.user_id AND t.date = k.date WHERE t.minutes > $3
		UNION ALL SELECT s.user_id, 0 FROM unnest($4::text[]) AS j(user_id) JOIN game_states s ON s.user_id = j.user_id`},
	} {
		if got := render(sql, c.dialect); got != c.want {
			t.Errorf("%s:\n%s\nwant\n%s", c.dialect, got, c.want)
		}
	}
}
