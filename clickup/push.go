package clickup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking"
)

// pushOverlap is how far before its watermark the push job looks, so that
// clock skew between replicas loses no change; an entry already pushed as
// it stands is skipped by its hash.
const pushOverlap = 5 * time.Minute

// maxPushBackoff caps the wait after failed pushes of one entry.
const maxPushBackoff = 6 * time.Hour

// DefaultPushLimit paces pushes under ClickUp's 100 requests a minute.
func DefaultPushLimit() *rate.Limiter { return rate.NewLimiter(rate.Every(time.Minute/100), 1) }

// Pusher copies opted-in users' entries on ClickUp tasks to ClickUp time
// entries. It runs as a job, never on a request: see Run.
type Pusher struct {
	s      *Service
	client Client // the service's client, never waiting out a 429
	limit  *rate.Limiter
	mu     sync.Mutex
	paused time.Time // ClickUp's X-RateLimit-Reset after a 429 (its clock, not ours)
}

// NewPusher builds the push job's engine; limit paces its requests (nil:
// DefaultPushLimit).
func NewPusher(s *Service, limit *rate.Limiter) *Pusher {
	if limit == nil {
		limit = DefaultPushLimit()
	}
	c := *s.client
	c.RateLimitWaits = 0
	return &Pusher{s: s, client: c, limit: limit}
}

// Run pushes what changed since the last complete run: for each entry of an
// opted-in user changed since then (deleted ones included) and each entry
// whose retry is due, it creates, updates or deletes the ClickUp time entry
// so that ClickUp holds the entry as it stands, or nothing when the entry is
// deleted or no longer on a ClickUp task. A 429 stops the run until ClickUp's
// reset; the next run picks up where it stopped. A failure of one entry
// backs that entry off (1 minute, doubling, at most 6 hours) and the run goes
// on. Without a connection it does nothing.
func (p *Pusher) Run(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.client.now().Before(p.paused) {
		return nil
	}
	s := p.s
	c, token, err := s.loadToken(ctx)
	if c == nil || err != nil {
		return err
	}
	st, err := s.loadPushState(ctx)
	if err != nil {
		return err
	}
	start := s.clock.Now().UTC()
	work, err := p.candidates(ctx, st.Watermark, start)
	if err != nil {
		return err
	}
	for _, w := range work {
		if w.assignee == "" {
			continue // not matched to a ClickUp member: their time is not pushed
		}
		err := p.pushOne(ctx, token, c.TeamID, w, start)
		var rl *RateLimitError
		if errors.As(err, &rl) {
			p.paused = rl.Reset
			s.log.Warn("clickup time push rate limited; the next run resumes", "reset", rl.Reset.UTC().Format(time.RFC3339))
			return nil
		}
		if err != nil {
			return fmt.Errorf("clickup: push entry %s: %w", w.entry.ID, err)
		}
	}
	return s.savePushState(ctx, start)
}

// pushWork is one entry to bring in line, with what it needs.
type pushWork struct {
	entry    tracking.Entry
	link     *timeEntryLink // nil: never pushed
	taskID   string         // the ClickUp task; "" when the entry's task is not one
	loc      *time.Location // the user's time zone
	assignee string         // the user's ClickUp member id; "": no member has their email
}

// candidates loads the entries to look at: changed since the watermark (less
// the overlap) and after their user opted in, or due for a retry.
func (p *Pusher) candidates(ctx context.Context, watermark *time.Time, now time.Time) ([]pushWork, error) {
	db := p.s.data.R.WithContext(ctx)
	var opted []pushUser
	if err := db.Where("push = ?", true).Find(&opted).Error; err != nil {
		return nil, err
	}
	since := make(map[string]time.Time, len(opted))
	for _, u := range opted {
		since[u.UserID] = u.Since
	}
	var after *time.Time
	if watermark != nil {
		t := watermark.Add(-pushOverlap).UTC()
		after = &t
	}
	var retry []string
	if err := db.Model(&timeEntryLink{}).Where("attempts > 0 AND state = ? AND next_at <= ?", stateIdle, now).
		Pluck("entry_id", &retry).Error; err != nil {
		return nil, err
	}
	entries, err := p.s.tr.ChangedEntries(ctx, since, after, retry)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, nil
	}
	ids := make([]string, 0, len(entries))
	taskIDs := map[string]bool{}
	userIDs := map[string]bool{}
	for _, e := range entries {
		ids = append(ids, e.ID)
		taskIDs[e.TaskID] = true
		userIDs[e.UserID] = true
	}
	var links []timeEntryLink
	if err := db.Where("entry_id IN ?", ids).Find(&links).Error; err != nil {
		return nil, err
	}
	byEntry := map[string]*timeEntryLink{}
	for i := range links {
		byEntry[links[i].EntryID] = &links[i]
	}
	var tasks []taskLink
	if err := db.Where("task_id IN ? AND deleted = ?", keys(taskIDs), false).Find(&tasks).Error; err != nil {
		return nil, err
	}
	byTask := map[string]string{}
	for _, t := range tasks {
		byTask[t.TaskID] = t.ClickupID
	}
	users, err := p.s.tr.UsersByID(ctx, keys(userIDs))
	if err != nil {
		return nil, err
	}
	members, err := p.s.membersByEmail(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]pushWork, 0, len(entries))
	for _, e := range entries {
		w := pushWork{entry: e, link: byEntry[e.ID], taskID: byTask[e.TaskID], loc: time.UTC}
		if u := users[e.UserID]; u != nil {
			w.loc = civil.Zone(u.Timezone)
			w.assignee = members[valid.NormalizeEmail(u.Email)]
		}
		out = append(out, w)
	}
	return out, nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// timeEntryOf is the ClickUp time entry an entry becomes: the user's time
// (their member id as assignee), starting at their local noon of the
// entry's date.
func timeEntryOf(w pushWork) TimeEntry {
	d, _ := civil.Parse(w.entry.Date)
	start := time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, w.loc)
	return TimeEntry{Description: w.entry.Note, Start: start.UnixMilli(), Billable: w.entry.Billable,
		Duration: int64(w.entry.Minutes) * 60_000, TaskID: w.taskID, Assignee: w.assignee}
}

// hash covers what an update can change; the assignee is set on creation
// (an update cannot move an entry to another member).
func (te TimeEntry) hash() string {
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%d\x00%t\x00%s", te.TaskID, te.Start, te.Duration, te.Billable, te.Description))
	return hex.EncodeToString(h[:])
}

// pushOne brings one entry in line. It returns an error only for a 429 or a
// database failure; ClickUp's other refusals back the entry off.
func (p *Pusher) pushOne(ctx context.Context, token, teamID string, w pushWork, now time.Time) error {
	l := w.link
	if l == nil {
		l = &timeEntryLink{EntryID: w.entry.ID, UserID: w.entry.UserID}
	}
	switch {
	case l.State == stateCreating:
		// A create was sent and its answer never recorded (a crash, or the
		// recording failed): ClickUp may hold it, so it is not sent again.
		l.State, l.LastError = stateUnknown, "a create may have reached ClickUp without its id being recorded; not sent again"
		p.s.log.Warn("clickup time push: outcome of a create unknown; not retried", "entry", l.EntryID)
		return p.s.saveLink(ctx, l)
	case l.State == stateUnknown:
		return nil
	case l.Attempts > 0 && l.NextAt != nil && l.NextAt.After(now):
		return nil // backing off
	}
	want := !w.entry.DeletedAt.Valid && w.taskID != ""
	te := timeEntryOf(w)
	switch {
	case want && l.ClickupID == "":
		return p.create(ctx, token, teamID, l, te)
	case want && l.PushedHash != te.hash():
		if err := p.wait(ctx); err != nil {
			return err
		}
		err := p.client.UpdateTimeEntry(ctx, token, teamID, l.ClickupID, te)
		if errors.Is(err, ErrNotFound) { // deleted in ClickUp: make it again
			l.ClickupID, l.PushedHash = "", ""
			return p.create(ctx, token, teamID, l, te)
		}
		if err != nil {
			return p.failed(ctx, l, err, now)
		}
		return p.done(ctx, l, l.ClickupID, te.hash())
	case !want && l.ClickupID != "":
		if err := p.wait(ctx); err != nil {
			return err
		}
		err := p.client.DeleteTimeEntry(ctx, token, teamID, l.ClickupID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return p.failed(ctx, l, err, now)
		}
		return p.done(ctx, l, "", "")
	case l.Attempts > 0:
		return p.done(ctx, l, l.ClickupID, l.PushedHash) // nothing left to do
	}
	return nil
}

// create records the intent before sending, so that a create whose answer
// is lost is never sent twice (at most once: see README).
func (p *Pusher) create(ctx context.Context, token, teamID string, l *timeEntryLink, te TimeEntry) error {
	if err := p.wait(ctx); err != nil {
		return err
	}
	l.State = stateCreating
	if err := p.s.saveLink(ctx, l); err != nil {
		return err
	}
	id, err := p.client.CreateTimeEntry(ctx, token, teamID, te)
	if err == nil {
		return p.done(ctx, l, id, te.hash())
	}
	var ae *APIError
	var rl *RateLimitError
	if !errors.As(err, &ae) && !errors.As(err, &rl) {
		// No answer: ClickUp may have created it.
		l.State, l.LastError = stateUnknown, valid.Clip(err.Error(), valid.MaxErrorChars)
		p.s.log.Warn("clickup time push: create failed without an answer; not retried", "entry", l.EntryID, "error", err)
		return p.s.saveLink(ctx, l)
	}
	l.State = stateIdle
	return p.failed(ctx, l, err, p.s.clock.Now().UTC())
}

func (p *Pusher) wait(ctx context.Context) error { return p.limit.Wait(ctx) }

func (p *Pusher) done(ctx context.Context, l *timeEntryLink, clickupID, hash string) error {
	l.ClickupID, l.PushedHash, l.State, l.Attempts, l.NextAt, l.LastError = clickupID, hash, stateIdle, 0, nil, ""
	return p.s.saveLink(ctx, l)
}

// failed backs the entry off, or hands a 429 back to stop the run.
func (p *Pusher) failed(ctx context.Context, l *timeEntryLink, err error, now time.Time) error {
	var rl *RateLimitError
	if errors.As(err, &rl) {
		if serr := p.s.saveLink(ctx, l); serr != nil {
			return serr
		}
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	l.Attempts++
	next := now.Add(min(time.Minute<<min(l.Attempts-1, 20), maxPushBackoff))
	l.NextAt, l.LastError = &next, valid.Clip(err.Error(), valid.MaxErrorChars)
	p.s.log.Warn("clickup time push failed; backing off", "entry", l.EntryID, "attempts", l.Attempts, "next_at", next, "error", err)
	return p.s.saveLink(ctx, l)
}
