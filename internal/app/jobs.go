package app

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"

	"github.com/timestreak/timestreak/api"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/tracking/store"
)

// job is a named, idempotent wrapper around one service call; the
// scheduler runs it on an interval and an admin can run it on demand.
type job struct {
	name  string
	every time.Duration
	run   func(ctx context.Context) error

	mu        sync.Mutex // one run of a job at a time on this replica
	lastRun   *time.Time
	lastError *string
	scheduled gocron.Job
}

// table is the one list of jobs.
func table(a *App) []*job {
	list := []*job{
		{name: "closeout", every: 5 * time.Minute, run: a.Engine.CloseOut},
		{name: "weekly", every: time.Hour, run: a.Engine.Weekly},
		{name: "reminders", every: 5 * time.Minute, run: a.Engine.Reminders},
		{name: "cleanup", every: time.Hour, run: a.Tracking.Cleanup},
		{name: "clickup-sync", every: 10 * time.Minute, run: a.ClickUp.Sync}, // does nothing until ClickUp is connected
		{name: "clickup-push", every: time.Minute, run: a.Pusher.Run},        // likewise; pushes opted-in users' time
	}
	if a.Slack != nil { // the Slack app is on
		list = append(list,
			&job{name: "slack-reminders", every: time.Minute, run: a.Slack.Reminders}, // the reminders' direct messages
			&job{name: "slack-weekly", every: time.Hour, run: a.Slack.Weekly})         // each team's weekly winners in its channel
	}
	return list
}

// Jobs is the job table on a scheduler; this file is the only one that
// knows gocron.
type Jobs struct {
	sched gocron.Scheduler
	clock clockwork.Clock
	log   *slog.Logger
	list  []*job
	stop  sync.Once
}

// newJobs puts the table on a scheduler, which runs nothing until Start;
// on PostgreSQL, where replicas may share the database, each run first
// takes the job's advisory lock.
func newJobs(a *App) (*Jobs, error) {
	opts := []gocron.SchedulerOption{gocron.WithClock(a.Clock), gocron.WithLocation(time.UTC)}
	if a.DB.Dialect == database.Postgres {
		opts = append(opts, gocron.WithDistributedLocker(advisoryLocker{db: a.DB}))
	}
	sched, err := gocron.NewScheduler(opts...)
	if err != nil {
		return nil, err
	}
	j := &Jobs{sched: sched, clock: a.Clock, log: a.Log, list: table(a)}
	for _, jb := range j.list {
		sj, err := sched.NewJob(gocron.DurationJob(jb.every),
			gocron.NewTask(func(ctx context.Context) { _ = j.execute(ctx, jb) }),
			gocron.WithName(jb.name), gocron.WithSingletonMode(gocron.LimitModeReschedule))
		if err != nil {
			sched.Shutdown()
			return nil, fmt.Errorf("schedule %s: %w", jb.name, err)
		}
		jb.scheduled = sj
	}
	return j, nil
}

// Start runs the jobs on their intervals.
func (j *Jobs) Start() { j.sched.Start() }

// Stop stops the scheduler, waiting for runs in progress; a second call
// does nothing.
func (j *Jobs) Stop() error {
	var err error
	j.stop.Do(func() { err = j.sched.Shutdown() })
	return err
}

func (j *Jobs) execute(ctx context.Context, jb *job) error {
	jb.mu.Lock()
	defer jb.mu.Unlock()
	start := j.clock.Now().UTC()
	err := jb.run(ctx)
	jb.lastRun = &start
	jb.lastError = nil
	if err != nil {
		msg := err.Error()
		jb.lastError = &msg
		j.log.Error("job failed", "job", jb.name, "error", err)
	} else {
		j.log.Info("job ran", "job", jb.name, "duration_ms", j.clock.Since(start).Milliseconds())
	}
	return err
}

// List reports every job's last and next run.
func (j *Jobs) List() []api.JobStatus {
	out := make([]api.JobStatus, 0, len(j.list))
	for _, jb := range j.list {
		jb.mu.Lock()
		s := api.JobStatus{Name: jb.name, LastRun: jb.lastRun, LastError: jb.lastError}
		jb.mu.Unlock()
		if jb.scheduled != nil {
			if next, err := jb.scheduled.NextRun(); err == nil && !next.IsZero() {
				next = next.UTC()
				s.NextRun = &next
			}
		}
		out = append(out, s)
	}
	return out
}

// Run runs a job now and waits for it.
func (j *Jobs) Run(ctx context.Context, name string) error {
	for _, jb := range j.list {
		if jb.name == name {
			return j.execute(ctx, jb)
		}
	}
	return store.ErrNotFound
}

// advisoryLocker keeps each job on one replica at a time when several share
// a PostgreSQL database: a run takes the job's session-level advisory lock,
// and a replica that finds it held skips that run.
type advisoryLocker struct{ db *database.DB }

func (l advisoryLocker) Lock(ctx context.Context, key string) (gocron.Lock, error) {
	lock, err := l.db.TryLock(ctx, "job:"+key)
	if err != nil {
		return nil, err
	}
	return lock, nil
}
