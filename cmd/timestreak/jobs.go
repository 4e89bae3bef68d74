package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"

	"github.com/timestreak/timestreak/api"
	"github.com/timestreak/timestreak/clickup"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/game"
	"github.com/timestreak/timestreak/slackapp"
	"github.com/timestreak/timestreak/tracking"
)

// job is a named, idempotent wrapper around one engine call; the scheduler
// runs it on an interval and an admin can run it on demand.
type job struct {
	name  string
	every time.Duration
	run   func(ctx context.Context) error

	mu        sync.Mutex // one run of a job at a time on this replica
	lastRun   *time.Time
	lastError *string
	scheduled gocron.Job
}

// jobs is the only place that knows gocron.
type jobs struct {
	sched gocron.Scheduler
	clock clockwork.Clock
	log   *slog.Logger
	list  []*job
}

// newJobs schedules the jobs; on PostgreSQL, where replicas may share the
// database, each run first takes the job's advisory lock.
func newJobs(engine *game.Engine, tr *tracking.Service, cu *clickup.Service, push *clickup.Pusher, sl *slackapp.App,
	clock clockwork.Clock, log *slog.Logger, db *database.DB) (*jobs, error) {
	opts := []gocron.SchedulerOption{gocron.WithClock(clock), gocron.WithLocation(time.UTC)}
	if db.Dialect == database.Postgres {
		opts = append(opts, gocron.WithDistributedLocker(advisoryLocker{db: db}))
	}
	sched, err := gocron.NewScheduler(opts...)
	if err != nil {
		return nil, err
	}
	j := &jobs{sched: sched, clock: clock, log: log, list: []*job{
		{name: "closeout", every: 5 * time.Minute, run: engine.CloseOut},
		{name: "weekly", every: time.Hour, run: engine.Weekly},
		{name: "reminders", every: 5 * time.Minute, run: engine.Reminders},
		{name: "cleanup", every: time.Hour, run: tr.Cleanup},
		{name: "clickup-sync", every: 10 * time.Minute, run: cu.Sync}, // does nothing until ClickUp is connected
		{name: "clickup-push", every: time.Minute, run: push.Run},     // likewise; pushes opted-in users' time
	}}
	if sl != nil { // the Slack app is on
		j.list = append(j.list,
			&job{name: "slack-reminders", every: time.Minute, run: sl.Reminders}, // the reminders' direct messages
			&job{name: "slack-weekly", every: time.Hour, run: sl.Weekly})         // each team's weekly winners in its channel
	}
	for _, jb := range j.list {
		jb := jb
		sj, err := sched.NewJob(gocron.DurationJob(jb.every),
			gocron.NewTask(func(ctx context.Context) { _ = j.execute(ctx, jb) }),
			gocron.WithName(jb.name), gocron.WithSingletonMode(gocron.LimitModeReschedule))
		if err != nil {
			return nil, fmt.Errorf("schedule %s: %w", jb.name, err)
		}
		jb.scheduled = sj
	}
	return j, nil
}

func (j *jobs) start() { j.sched.Start() }

func (j *jobs) stop() error { return j.sched.Shutdown() }

func (j *jobs) execute(ctx context.Context, jb *job) error {
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
func (j *jobs) List() []api.JobStatus {
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
func (j *jobs) Run(ctx context.Context, name string) error {
	for _, jb := range j.list {
		if jb.name == name {
			return j.execute(ctx, jb)
		}
	}
	return tracking.ErrNotFound
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
