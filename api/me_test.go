package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

type meBody struct {
	ID                 string   `json:"id"`
	Email              string   `json:"email"`
	Name               string   `json:"name"`
	Role               string   `json:"role"`
	Timezone           string   `json:"timezone"`
	Workdays           []string `json:"workdays"`
	DailyTargetMinutes int      `json:"daily_target_minutes"`
	ReminderTime       *string  `json:"reminder_time"`
	Stats              struct {
		Points          int `json:"points"`
		Level           int `json:"level"`
		NextLevelPoints int `json:"next_level_points"`
		Streak          struct {
			Current int `json:"current"`
			Longest int `json:"longest"`
			Freezes int `json:"freezes"`
		} `json:"streak"`
		Today struct {
			Date          string `json:"date"`
			Workday       bool   `json:"workday"`
			Minutes       int    `json:"minutes"`
			TargetMinutes int    `json:"target_minutes"`
			PendingPoints int    `json:"pending_points"`
		} `json:"today"`
	} `json:"stats"`
	Badges []struct {
		Code      string `json:"code"`
		AwardedOn string `json:"awarded_on"`
	} `json:"badges"`
}

func TestGetMe(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		kiri := w.CreateUser(w.admin, "Kiri", "Pacific/Kiritimati")
		r := w.Must(http.StatusOK, "GET", "/api/v1/me", kiri.Token, nil)
		var raw map[string]any
		r.JSON(t, &raw)
		for _, k := range []string{"id", "email", "name", "role", "timezone", "workdays", "daily_target_minutes", "reminder_time", "stats", "badges"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("GET /me lacks %q: %s", k, r.Body)
			}
		}
		for _, k := range []string{"password", "password_hash", "PasswordHash"} {
			if _, ok := raw[k]; ok {
				t.Errorf("GET /me shows %q", k)
			}
		}
		var me meBody
		r.JSON(t, &me)
		if me.ID != kiri.ID || me.Email != kiri.Email || me.Name != "Kiri" || me.Role != "member" || me.Timezone != "Pacific/Kiritimati" ||
			me.DailyTargetMinutes != 480 || me.ReminderTime != nil || me.Badges == nil || len(me.Badges) != 0 {
			t.Errorf("GET /me = %s", r.Body)
		}
		if diff := cmp.Diff([]string{"mon", "tue", "wed", "thu", "fri"}, me.Workdays); diff != "" {
			t.Errorf("workdays (-want +got):\n%s", diff)
		}
		// Monday 12:00 UTC is Tuesday 02:00 in Kiritimati: "today" is the user's.
		s := me.Stats
		if s.Points != 0 || s.Level != 1 || s.NextLevelPoints != 100 || s.Streak.Current != 0 || s.Today.Date != "2026-03-03" ||
			!s.Today.Workday || s.Today.Minutes != 0 || s.Today.TargetMinutes != 480 || s.Today.PendingPoints != 0 {
			t.Errorf("stats = %+v", s)
		}
		w.Log(kiri, w.task, "2026-03-03", 45)
		w.Must(http.StatusOK, "GET", "/api/v1/me", kiri.Token, nil).JSON(t, &me)
		if me.Stats.Today.Minutes != 45 || me.Stats.Today.PendingPoints != 11 {
			t.Errorf("today after logging 45 minutes = %+v, want 45 minutes and 11 pending points", me.Stats.Today)
		}
	})
}

func TestPatchMe(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		invalid := []struct {
			name   string
			body   any
			fields []string
		}{
			{"zone Mars", map[string]any{"timezone": "Mars/Base"}, []string{"timezone"}},
			{"zone empty", map[string]any{"timezone": ""}, []string{"timezone"}},
			{"zone Local", map[string]any{"timezone": "Local"}, []string{"timezone"}},
			{"zone path", map[string]any{"timezone": "../../etc/passwd"}, []string{"timezone"}},
			{"workday unknown", map[string]any{"workdays": []string{"mon", "funday"}}, []string{"workdays"}},
			{"workday capitalised", map[string]any{"workdays": []string{"Mon"}}, []string{"workdays"}},
			{"workday twice", map[string]any{"workdays": []string{"mon", "tue", "mon"}}, []string{"workdays"}},
			{"workdays not a list", map[string]any{"workdays": "mon,tue"}, []string{"workdays"}},
			{"target 0", map[string]any{"daily_target_minutes": 0}, []string{"daily_target_minutes"}},
			{"target 1441", map[string]any{"daily_target_minutes": 1441}, []string{"daily_target_minutes"}},
			{"target 7.5", map[string]any{"daily_target_minutes": 7.5}, []string{"daily_target_minutes"}},
			{"reminder 9:00", map[string]any{"reminder_time": "9:00"}, []string{"reminder_time"}},
			{"reminder 24:00", map[string]any{"reminder_time": "24:00"}, []string{"reminder_time"}},
			{"reminder 12:60", map[string]any{"reminder_time": "12:60"}, []string{"reminder_time"}},
			{"reminder with seconds", map[string]any{"reminder_time": "08:00:00"}, []string{"reminder_time"}},
			{"name blank", map[string]any{"name": "  "}, []string{"name"}},
			{"several", map[string]any{"timezone": "Nowhere", "daily_target_minutes": 0, "reminder_time": "x"}, []string{"timezone", "daily_target_minutes", "reminder_time"}},
		}
		for _, c := range invalid {
			t.Run(c.name, func(t *testing.T) {
				wantProblem(t, env.Do("PATCH", "/api/v1/me", ana.Token, c.body), http.StatusUnprocessableEntity, c.fields...)
			})
		}
		for _, body := range []any{map[string]any{"email": "new@example.com"}, map[string]any{"role": "member"}, `{"name":`, `[]`} {
			wantProblem(t, env.Do("PATCH", "/api/v1/me", ana.Token, body), http.StatusBadRequest)
		}
		// None of that changed anything.
		var me meBody
		env.Must(http.StatusOK, "GET", "/api/v1/me", ana.Token, nil).JSON(t, &me)
		if me.Timezone != "UTC" || me.DailyTargetMinutes != 480 || me.ReminderTime != nil || me.Name != "Ana" || len(me.Workdays) != 5 || me.Role != "admin" {
			t.Fatalf("failed PATCHes changed the profile: %+v", me)
		}

		valid := []struct {
			name  string
			body  map[string]any
			check func(meBody) bool
		}{
			{"zone", map[string]any{"timezone": "America/Argentina/Buenos_Aires"}, func(m meBody) bool { return m.Timezone == "America/Argentina/Buenos_Aires" }},
			{"workdays in week order", map[string]any{"workdays": []string{"sun", "wed", "mon"}}, func(m meBody) bool { return cmp.Equal(m.Workdays, []string{"mon", "wed", "sun"}) }},
			{"no workdays", map[string]any{"workdays": []string{}}, func(m meBody) bool { return m.Workdays != nil && len(m.Workdays) == 0 }},
			{"target 1", map[string]any{"daily_target_minutes": 1}, func(m meBody) bool { return m.DailyTargetMinutes == 1 && m.Stats.Today.TargetMinutes == 1 }},
			{"target 1440", map[string]any{"daily_target_minutes": 1440}, func(m meBody) bool { return m.DailyTargetMinutes == 1440 }},
			{"reminder", map[string]any{"reminder_time": "08:30"}, func(m meBody) bool { return m.ReminderTime != nil && *m.ReminderTime == "08:30" }},
			{"untouched fields stay", map[string]any{"name": "Ana B."}, func(m meBody) bool {
				return m.Name == "Ana B." && m.ReminderTime != nil && *m.ReminderTime == "08:30" && m.DailyTargetMinutes == 1440
			}},
			{"reminder cleared", map[string]any{"reminder_time": nil}, func(m meBody) bool { return m.ReminderTime == nil }},
		}
		for _, c := range valid {
			var patched, read meBody
			env.Must(http.StatusOK, "PATCH", "/api/v1/me", ana.Token, c.body).JSON(t, &patched)
			env.Must(http.StatusOK, "GET", "/api/v1/me", ana.Token, nil).JSON(t, &read)
			if !c.check(patched) || !c.check(read) {
				t.Errorf("%s: PATCH answered %+v, GET %+v", c.name, patched, read)
			}
		}
	})
}

func TestTimeOff(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		ana := env.Register("Ana")
		kiri := env.CreateUser(ana, "Kiri", "Pacific/Kiritimati") // already 2026-03-03 there

		r := env.Must(http.StatusCreated, "PUT", "/api/v1/me/time-off/2026-03-02", ana.Token, nil)
		if diff := cmp.Diff(map[string]any{"date": "2026-03-02"}, r.Map(t)); diff != "" {
			t.Errorf("PUT time off (-want +got):\n%s", diff)
		}
		env.Must(http.StatusOK, "PUT", "/api/v1/me/time-off/2026-03-02", ana.Token, nil)
		env.Must(http.StatusCreated, "PUT", "/api/v1/me/time-off/2026-03-10", ana.Token, nil)
		env.Must(http.StatusCreated, "PUT", "/api/v1/me/time-off/2027-01-01", ana.Token, nil)
		for _, c := range []struct {
			u    *apitest.User
			date string
		}{{ana, "2026-03-01"}, {kiri, "2026-03-02"}, {ana, "2026-3-5"}, {ana, "tomorrow"}, {ana, "2026-02-30"}} {
			wantProblem(t, env.Do("PUT", "/api/v1/me/time-off/"+c.date, c.u.Token, nil), http.StatusUnprocessableEntity, "date")
		}
		env.Must(http.StatusCreated, "PUT", "/api/v1/me/time-off/2026-03-03", kiri.Token, nil)

		list := func(u *apitest.User, q string) []string {
			t.Helper()
			var days []struct {
				Date string `json:"date"`
			}
			env.Must(http.StatusOK, "GET", "/api/v1/me/time-off?"+q, u.Token, nil).JSON(t, &days)
			out := []string{}
			for _, d := range days {
				out = append(out, d.Date)
			}
			return out
		}
		for _, c := range []struct {
			q    string
			want []string
		}{
			{"", []string{"2026-03-02", "2026-03-10", "2027-01-01"}},
			{"from=2026-03-03", []string{"2026-03-10", "2027-01-01"}},
			{"to=2026-03-10", []string{"2026-03-02", "2026-03-10"}},
			{"from=2026-03-02&to=2026-03-02", []string{"2026-03-02"}},
			{"from=2026-04-01&to=2026-12-31", []string{}},
		} {
			if diff := cmp.Diff(c.want, list(ana, c.q)); diff != "" {
				t.Errorf("GET /me/time-off?%s (-want +got):\n%s", c.q, diff)
			}
		}
		if diff := cmp.Diff([]string{"2026-03-03"}, list(kiri, "")); diff != "" {
			t.Errorf("Kiri's time off (-want +got):\n%s", diff)
		}
		wantProblem(t, env.Do("GET", "/api/v1/me/time-off?from=soon", ana.Token, nil), http.StatusUnprocessableEntity, "from")

		// Today off: GET /me says today is no workday.
		var me meBody
		env.Must(http.StatusOK, "GET", "/api/v1/me", ana.Token, nil).JSON(t, &me)
		if me.Stats.Today.Workday {
			t.Errorf("today is time off but stats.today.workday is true")
		}

		env.Must(http.StatusNoContent, "DELETE", "/api/v1/me/time-off/2026-03-10", ana.Token, nil)
		wantProblem(t, env.Do("DELETE", "/api/v1/me/time-off/2026-03-10", ana.Token, nil), http.StatusNotFound)
		wantProblem(t, env.Do("DELETE", "/api/v1/me/time-off/2026-03-03", ana.Token, nil), http.StatusNotFound) // Kiri's, not Ana's
		if diff := cmp.Diff([]string{"2026-03-02", "2027-01-01"}, list(ana, "")); diff != "" {
			t.Errorf("after DELETE (-want +got):\n%s", diff)
		}
		// Once a date is past, its time off can no longer change.
		env.Set(apitest.Monday.Add(24 * time.Hour))
		env.Relogin(ana)
		wantProblem(t, env.Do("DELETE", "/api/v1/me/time-off/2026-03-02", ana.Token, nil), http.StatusUnprocessableEntity, "date")
		if diff := cmp.Diff([]string{"2026-03-02", "2027-01-01"}, list(ana, "")); diff != "" {
			t.Errorf("after refused DELETE (-want +got):\n%s", diff)
		}
	})
}
