package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// kimai1NoYear is Kimai 1's export with its default date format, %d.%m.,
// which has no year.
const kimai1NoYear = "Date,In,Out,h:m,Time,Rate (by hour),EUR,Budget,Approved,Status,Billable,Customer,Project,Activity,Description,Comment,Location,Tracking Number,Username,cleared\n" +
	"27.01.,13:00,13:20,0:20,0.33,60.00,20.00,0.00,0.00,open,0%,Acme,Website,Meeting,,Call,,,Ada Lovelace,0\n" +
	"26.01.,09:00,10:30,1:30,1.50,60.00,90.00,0.00,0.00,open,100%,Acme,Website,Design,Sketches,,,,Ada Lovelace,0\n"

// Dates without a year are refused whole unless the import is told the
// year; with it, every entry lands in that year.
func TestImportYear(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		admin := env.Register("Ada Lovelace")
		csv := []string{"Content-Type", "text/csv"}
		p := wantProblem(t, env.Do("POST", "/api/v1/import/kimai?match=names", admin.Token, kimai1NoYear, csv...), http.StatusUnprocessableEntity, "file")
		if !strings.Contains(p.Errors[0].Message, "year") {
			t.Errorf("refusal %+v does not say the year is missing", p)
		}
		for _, bad := range []string{"x", "1969", "10000"} {
			wantProblem(t, env.Do("POST", "/api/v1/import/kimai?match=names&year="+bad, admin.Token, kimai1NoYear, csv...), http.StatusUnprocessableEntity, "year")
		}
		var rep importReport
		env.Must(http.StatusOK, "POST", "/api/v1/import/kimai?match=names&year=2019", admin.Token, kimai1NoYear, csv...).JSON(t, &rep)
		if rep.EntriesCreated != 2 || len(rep.Errors) != 0 {
			t.Fatalf("report %+v", rep)
		}
		var page struct {
			Items []entry `json:"items"`
		}
		env.Must(http.StatusOK, "GET", "/api/v1/entries?from=2019-01-01&to=2019-01-31", admin.Token, nil).JSON(t, &page)
		got := map[string]int{}
		for _, e := range page.Items {
			got[e.Date] += e.Minutes
		}
		if len(got) != 2 || got["2019-01-26"] != 90 || got["2019-01-27"] != 20 {
			t.Errorf("minutes by date = %v, want 90 on 26 Jan 2019 and 20 on 27 Jan", got)
		}
	})
}
