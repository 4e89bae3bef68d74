package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/apiclient"
	"github.com/timestreak/timestreak/tracking"
)

// BenchmarkReportEndpoint is the reports screen's one request through HTTP
// (issue 16: within 100 ms for a 1,000-person team and a year on SQLite):
// the admin's year by project and week, by person and month, and by task,
// and the 1,000-person team's year by project and week — authentication,
// the query, the JSON and its gzip, as a browser asks for it. The answers
// are not checked against the OpenAPI document here (the tests do that),
// so that the check's own time is not counted.
//
//	go test ./api -run XXX -bench ReportEndpoint -benchtime 10x
func BenchmarkReportEndpoint(b *testing.B) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	env := apitest.New(b, database.SQLite, apitest.Options{Start: now})
	res, err := env.Tracking.Seed(context.Background(), tracking.SeedSpec{Users: 1000, Days: 365, TeamSize: 1000, Now: now, Seed: 1, Password: "password1"})
	if err != nil {
		b.Fatal(err)
	}
	admin := env.Login(res.AdminEmail, "password1")
	var teams []struct {
		ID string `json:"id"`
	}
	env.Must(http.StatusOK, "GET", "/api/v1/teams", admin.Token, nil).JSON(b, &teams)
	if len(teams) == 0 {
		b.Fatal("the seeder made no team")
	}
	b.Logf("%d people, %d entries", res.Users, res.Entries)
	year := "/api/v1/reports?from=2025-06-01&to=2026-05-31&group_by="
	client := env.HTTP.Client()
	for _, q := range []struct{ name, path string }{
		{"project-week", year + "project,week"},
		{"user-month", year + "user,month"},
		{"task", year + "task"},
		{"team-project-week", year + "project,week&team_id=" + teams[0].ID},
	} {
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				req, err := apiclient.NewRequest("GET", env.HTTP.URL+q.path, admin.Token, nil)
				if err != nil {
					b.Fatal(err)
				}
				req.Header.Set("Accept-Encoding", "gzip")
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d %v", q.path, resp.StatusCode, err)
				}
				b.SetBytes(int64(len(body)))
			}
		})
	}
	// One answer in full, to be sure the benchmark times a real report.
	var rep struct {
		TotalMinutes int `json:"total_minutes"`
		Rows         []json.RawMessage
	}
	env.Must(http.StatusOK, "GET", year+"user,month", admin.Token, nil).JSON(b, &rep)
	if rep.TotalMinutes == 0 || len(rep.Rows) < 1000 {
		b.Fatalf("the report by person has %d rows and %d minutes", len(rep.Rows), rep.TotalMinutes)
	}
}
