package api_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

type importReport struct {
	DryRun bool `json:"dry_run"`
	Users  []struct {
		Email   string `json:"email"`
		Entries int    `json:"entries"`
	} `json:"users"`
	ProjectsCreated []string `json:"projects_created"`
	TasksCreated    []string `json:"tasks_created"`
	EntriesCreated  int      `json:"entries_created"`
	Skipped         int      `json:"entries_skipped_duplicate"`
	Errors          []struct {
		Line   int    `json:"line"`
		Reason string `json:"reason"`
	} `json:"errors"`
}

const togglHeader = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n"

// bobsExport has Bob's history and a full day on his first day here.
const bobsExport = togglHeader +
	`Bob Builder,bob.builder@example.com,Acme,Website,Design,"=HYPERLINK(""http://evil.example"",""x"")",No,2026-02-10,09:00:00,2026-02-10,10:00:00,01:00:00,,` + "\n" +
	"Bob Builder,bob.builder@example.com,Acme,Website,Design,first day,No,2026-03-02,08:00:00,2026-03-02,16:00:00,08:00:00,,\n" +
	"Nobody,nobody@example.com,Acme,Website,Design,who,No,2026-03-02,08:00:00,2026-03-02,09:00:00,01:00:00,,\n"

func multipartBody(t *testing.T, field, content string) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	w, err := mw.CreateFormFile(field, "export.csv")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(content))
	mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

func TestImport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Ada Lovelace")
		bob := env.CreateUser(admin, "Bob Builder", "UTC")
		carol := env.CreateUser(admin, "Carol Control", "UTC")
		task := env.Task(admin, "Control")
		env.Log(carol, task, "2026-03-02", 480)

		// Admins only.
		env.Must(http.StatusForbidden, "POST", "/api/v1/import/toggl", bob.Token, bobsExport, "Content-Type", "text/csv")

		// The dry run reports and writes nothing.
		var dry importReport
		env.Must(http.StatusOK, "POST", "/api/v1/import/toggl?dry_run=true", admin.Token, bobsExport, "Content-Type", "text/csv").JSON(t, &dry)
		if !dry.DryRun || dry.EntriesCreated != 2 || len(dry.Users) != 1 || dry.Users[0].Entries != 2 ||
			len(dry.ProjectsCreated) != 1 || len(dry.Errors) != 1 || dry.Errors[0].Line != 4 {
			t.Fatalf("dry run: %+v", dry)
		}
		var listed struct {
			Items []struct {
				Note   string `json:"note"`
				Source string `json:"source"`
				OnTime bool   `json:"on_time"`
			} `json:"items"`
		}
		env.Must(http.StatusOK, "GET", "/api/v1/entries?from=2026-02-01&to=2026-03-02", bob.Token, nil).JSON(t, &listed)
		if len(listed.Items) != 0 {
			t.Fatalf("the dry run wrote entries: %+v", listed.Items)
		}

		// The real run, as a multipart upload, does what the dry run said.
		body, ct := multipartBody(t, "file", bobsExport)
		var real importReport
		env.Must(http.StatusOK, "POST", "/api/v1/import/toggl", admin.Token, body, "Content-Type", ct).JSON(t, &real)
		if real.DryRun || real.EntriesCreated != dry.EntriesCreated || len(real.Errors) != 1 || len(real.TasksCreated) != 1 {
			t.Fatalf("real run: %+v", real)
		}
		env.Must(http.StatusOK, "GET", "/api/v1/entries?from=2026-02-01&to=2026-03-02", bob.Token, nil).JSON(t, &listed)
		if len(listed.Items) != 2 {
			t.Fatalf("entries: %+v", listed.Items)
		}
		for _, e := range listed.Items {
			if e.Source != "import" || e.OnTime {
				t.Errorf("imported entry %+v: want source import, not on time", e)
			}
		}

		// A second import adds nothing.
		var again importReport
		env.Must(http.StatusOK, "POST", "/api/v1/import/toggl", admin.Token, bobsExport, "Content-Type", "text/csv").JSON(t, &again)
		if again.EntriesCreated != 0 || again.Skipped != 2 || len(again.ProjectsCreated) != 0 {
			t.Fatalf("second import: %+v", again)
		}

		// Imported time counts in reports.
		var sum struct {
			TotalMinutes int `json:"total_minutes"`
		}
		env.Must(http.StatusOK, "GET", "/api/v1/reports/summary?from=2026-02-01&to=2026-03-02", bob.Token, nil).JSON(t, &sum)
		if sum.TotalMinutes != 540 {
			t.Errorf("summary total %d, want 540", sum.TotalMinutes)
		}

		// The formula is kept as written and neutralised on export.
		csv := env.Must(http.StatusOK, "GET", "/api/v1/entries/export.csv?from=2026-02-01&to=2026-03-02", bob.Token, nil)
		if !strings.Contains(string(csv.Body), `'=HYPERLINK(`) {
			t.Errorf("export does not neutralise the formula:\n%s", csv.Body)
		}

		// Imported entries earn nothing; logged ones do.
		env.Set(time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC))
		env.Relogin(bob)
		env.Relogin(carol)
		env.CloseOut()
		if got := env.Points(bob); len(got) != 0 {
			t.Errorf("points for imported time: %v", got)
		}
		if got := env.Points(carol); len(got) == 0 {
			t.Errorf("the control user earned nothing: the close-out did not run")
		}
	})
}

func TestImportRequests(t *testing.T) {
	env := apitest.New(t, "sqlite", apitest.Options{})
	admin := env.Register("Ada Lovelace")
	csv := "text/csv"

	r := env.Do("POST", "/api/v1/import/jira", admin.Token, bobsExport, "Content-Type", csv)
	wantProblem(t, r, http.StatusNotFound)
	r = env.Do("POST", "/api/v1/import/toggl?dry_run=maybe", admin.Token, bobsExport, "Content-Type", csv)
	wantProblem(t, r, http.StatusUnprocessableEntity, "dry_run")
	r = env.Do("POST", "/api/v1/import/toggl?date_order=ymd", admin.Token, bobsExport, "Content-Type", csv)
	wantProblem(t, r, http.StatusUnprocessableEntity, "date_order")
	slashed := togglHeader + "Ada Lovelace,ada.lovelace@example.com,,P,,x,No,03/02/2026,,,,1:00:00,,\n"
	r = env.Do("POST", "/api/v1/import/toggl", admin.Token, slashed, "Content-Type", csv)
	wantProblem(t, r, http.StatusUnprocessableEntity, "date_order")
	r = env.Do("POST", "/api/v1/import/toggl", admin.Token, "Email,Start date\n", "Content-Type", csv)
	wantProblem(t, r, http.StatusUnprocessableEntity, "file")
	body, ct := multipartBody(t, "other", bobsExport)
	r = env.Do("POST", "/api/v1/import/toggl", admin.Token, body, "Content-Type", ct)
	wantProblem(t, r, http.StatusUnprocessableEntity, "file")

	var rep importReport
	env.Must(http.StatusOK, "POST", "/api/v1/import/toggl?date_order=dmy&dry_run=1", admin.Token, slashed, "Content-Type", csv).JSON(t, &rep)
	if rep.EntriesCreated != 1 {
		t.Errorf("with a date order: %+v", rep)
	}
}

// The import route takes files far over the global 64 KiB limit, which
// every other route keeps.
func TestImportBodyLimit(t *testing.T) {
	env := apitest.New(t, "sqlite", apitest.Options{})
	admin := env.Register("Ada Lovelace")
	task := env.Task(admin, "Limit")

	big := togglHeader + "Ada Lovelace,ada.lovelace@example.com,,P,,\"" + strings.Repeat("n", 100<<10) + "\",No,2026-02-02,,,,1:00:00,,\n"
	var rep importReport
	env.Must(http.StatusOK, "POST", "/api/v1/import/toggl", admin.Token, big, "Content-Type", "text/csv").JSON(t, &rep)
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Reason, "at most 2000") {
		t.Errorf("a 100 KiB file: %+v", rep)
	}

	r := env.Do("POST", "/api/v1/import/toggl", admin.Token, strings.Repeat("x", 50<<20+1), "Content-Type", "text/csv")
	wantProblem(t, r, http.StatusRequestEntityTooLarge)

	entry := `{"task_id":"` + task + `","date":"2026-03-02","minutes":5,"note":"` + strings.Repeat(" ", 70<<10) + `"}`
	r = env.Do("POST", "/api/v1/entries", admin.Token, entry)
	wantProblem(t, r, http.StatusRequestEntityTooLarge)
	r = env.Do("POST", "/api/v1/projects", admin.Token, strings.Repeat(" ", 70<<10))
	wantProblem(t, r, http.StatusRequestEntityTooLarge)
}

// TestImportUploadDoesNotHoldWrites: while an export is still uploading,
// other people's entries are written at once: the import's transaction
// begins only once the whole file has arrived.
func TestImportUploadDoesNotHoldWrites(t *testing.T) {
	env := apitest.New(t, "sqlite", apitest.Options{Start: apitest.Monday})
	admin := env.Register("Ada Lovelace")
	task := env.Task(admin, "Work")
	bob := env.CreateUser(admin, "Bob", "UTC")

	body, upload := io.Pipe()
	req, _ := http.NewRequest("POST", env.HTTP.URL+"/api/v1/import/toggl?dry_run=true", body)
	req.Header.Set("Authorization", "Bearer "+admin.Token)
	req.Header.Set("Content-Type", "text/csv")
	done := make(chan int, 1)
	go func() {
		resp, err := env.Client.Do(req)
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	// More than the 64 KiB the reader looks at before the import begins.
	io.WriteString(upload, togglHeader+strings.Repeat("Ada Lovelace,ada.lovelace@example.com,,P,,note,No,2026-02-02,,,,0:01:00,,\n", 1500))
	time.Sleep(200 * time.Millisecond) // the import has begun and is waiting for more

	wrote := make(chan int, 1)
	go func() {
		wrote <- env.Do("POST", "/api/v1/entries", bob.Token, map[string]any{"task_id": task, "date": "2026-03-02", "minutes": 30}).Status
	}()
	select {
	case status := <-wrote:
		if status != http.StatusCreated {
			t.Errorf("entry during an upload: %d", status)
		}
	case <-time.After(3 * time.Second):
		t.Error("an entry waited for an import's upload to finish")
		defer func() { <-wrote }() // it goes through once the upload ends
	}
	upload.Close()
	if status := <-done; status != http.StatusOK {
		t.Errorf("import: %d", status)
	}
}
