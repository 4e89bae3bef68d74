package tracking

import (
	"context"
	"fmt"
	"math/rand"
	"time"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store"
)

// SeedSpec describes a generated history: people in several time zones
// logging time over the last Days days, most of it on the day.
type SeedSpec struct {
	Users    int       // people besides the admin
	Days     int       // days of history before today
	TeamSize int       // members per team
	Now      time.Time // "now" of the generated history
	Seed     int64
	Password string // everyone's password
}

// SeedResult tells who can sign in.
type SeedResult struct {
	AdminEmail string
	Users      int
	Entries    int
}

var seedNames = []string{"Ana", "Bo", "Chidi", "Dana", "Emeka", "Fatima", "Gustavo", "Hana", "Ivan", "Jun",
	"Kofi", "Lena", "Mateo", "Noor", "Olga", "Priya", "Quinn", "Rafael", "Sakura", "Tomás"}

var seedZones = []string{"Europe/Berlin", "America/New_York", "Asia/Tokyo", "America/Sao_Paulo",
	"Asia/Kolkata", "Europe/London", "Australia/Sydney", "America/Los_Angeles"}

var seedProjects = map[string][]string{
	"Website":   {"Landing page", "Blog redesign", "SEO audit", "Accessibility fixes"},
	"Mobile":    {"Onboarding flow", "Push notifications", "Offline mode", "Release 2.4"},
	"Internal":  {"Code review", "Planning", "Customer calls", "Hiring"},
	"Analytics": {"Dashboards", "Data pipeline"},
}

// Seed fills an empty database with a believable organisation and its
// history, written in batches rather than through the API. It refuses a
// database that already has users.
func (s *Service) Seed(ctx context.Context, spec SeedSpec) (*SeedResult, error) {
	var n int64
	if err := s.db.Reader(ctx).Model(&auth.User{}).Count(&n).Error; err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, fmt.Errorf("the database already has %d users; the demo only fills an empty one", n)
	}
	if spec.TeamSize <= 0 {
		spec.TeamSize = 1000
	}
	rng := rand.New(rand.NewSource(spec.Seed))
	hash, err := s.Hash(ctx, spec.Password)
	if err != nil {
		return nil, err
	}
	start := spec.Now.AddDate(0, 0, -spec.Days)
	g := &seeder{s: s, rng: rng, now: spec.Now}
	admin := g.user("Alex Admin", "admin@demo.timestreak", "Europe/Berlin", auth.RoleAdmin, hash, start)
	users := []*auth.User{admin}
	for i := 0; i < spec.Users; i++ {
		name := seedNames[i%len(seedNames)]
		if spec.Users > len(seedNames) {
			name = fmt.Sprintf("%s %d", name, i/len(seedNames)+1)
		}
		users = append(users, g.user(name, fmt.Sprintf("user%05d@demo.timestreak", i), seedZones[i%len(seedZones)], auth.RoleMember, hash, start))
	}
	tasks := g.catalog()
	var teams []org.Team
	var members []org.TeamMember
	var periods []org.TeamMembership
	for i := 0; i < len(users); i += spec.TeamSize {
		t := org.Team{ID: store.NewID(), Name: fmt.Sprintf("Team %d", len(teams)+1), Timezone: "UTC", Stamps: store.Stamps{CreatedAt: start, UpdatedAt: start}}
		if len(users) <= spec.TeamSize {
			t.Name = "Remote Crew"
		}
		teams = append(teams, t)
		for j, u := range users[i:min(i+spec.TeamSize, len(users))] {
			role := auth.RoleMember
			if j == 0 {
				role = auth.RoleLead
			}
			members = append(members, org.TeamMember{TeamID: t.ID, UserID: u.ID, Role: role, CreatedAt: start})
			periods = append(periods, org.TeamMembership{ID: store.NewID(), TeamID: t.ID, UserID: u.ID, JoinedAt: start, JoinedOn: auth.LocalToday(start, u)})
		}
	}
	err = s.db.Engine(ctx).Transaction(func(tx *gorm.DB) error {
		for _, batch := range []any{users, g.projects, tasks, teams, members, periods} {
			if err := tx.CreateInBatches(batch, 500).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	entries := 0
	for _, u := range users {
		es := g.history(u, tasks)
		entries += len(es)
		if err := s.db.Engine(ctx).CreateInBatches(es, 1000).Error; err != nil {
			return nil, err
		}
	}
	return &SeedResult{AdminEmail: admin.Email, Users: len(users), Entries: entries}, nil
}

type seeder struct {
	s        *Service
	rng      *rand.Rand
	now      time.Time
	projects []org.Project
}

func (g *seeder) user(name, email, zone, role, hash string, created time.Time) *auth.User {
	u := &auth.User{ID: store.NewID(), Email: email, Name: name, PasswordHash: hash, Role: role, Timezone: zone,
		Workdays: auth.DefaultWorkdays, DailyTargetMinutes: 480, Active: true, EmailVerified: true, CreatedAt: created, UpdatedAt: created}
	if g.rng.Intn(4) == 0 {
		u.DailyTargetMinutes = 360
	}
	u.StartDate = auth.LocalToday(created, u)
	return u
}

func (g *seeder) catalog() []org.Task {
	var tasks []org.Task
	colors := []string{"#4f46e5", "#0891b2", "#16a34a", "#ea580c"}
	i := 0
	for _, name := range []string{"Website", "Mobile", "Internal", "Analytics"} {
		p := org.Project{ID: store.NewID(), Name: name, Color: colors[i%len(colors)], Stamps: store.Stamps{CreatedAt: g.now, UpdatedAt: g.now}}
		g.projects = append(g.projects, p)
		for _, t := range seedProjects[name] {
			tasks = append(tasks, org.Task{ID: store.NewID(), ProjectID: p.ID, Name: t, Stamps: store.Stamps{CreatedAt: g.now, UpdatedAt: g.now}})
		}
		i++
	}
	return tasks
}

// history makes one person's entries: on most workdays, logged on the day
// in the evening; now and then a day caught up later, or missed.
func (g *seeder) history(u *auth.User, tasks []org.Task) []Entry {
	loc := civil.Zone(u.Timezone)
	diligence := 0.55 + g.rng.Float64()*0.43
	today := auth.LocalToday(g.now, u)
	var out []Entry
	for d := u.StartDate; d <= today; d = civil.AddDays(d, 1) {
		if !u.IsWorkday(d) && g.rng.Float64() > 0.05 {
			continue
		}
		day, _ := time.ParseInLocation(civil.Layout, d, loc)
		at := day.Add(time.Duration(16*60+g.rng.Intn(240)) * time.Minute).UTC()
		onTime := true
		switch r := g.rng.Float64(); {
		case r > diligence+0.5*(1-diligence):
			continue // a missed day
		case r > diligence:
			at = at.AddDate(0, 0, 1+g.rng.Intn(4)) // caught up later
			onTime = false
		}
		if at.After(g.now) {
			if d != today {
				continue
			}
			at = g.now
		}
		total := u.DailyTargetMinutes - 45 + g.rng.Intn(135)
		for total > 0 {
			m := min(total, 30*(1+g.rng.Intn(8)))
			t := tasks[g.rng.Intn(len(tasks))]
			out = append(out, Entry{ID: store.NewID(), UserID: u.ID, TaskID: t.ID, ProjectID: t.ProjectID, Date: d, Minutes: m,
				Note: "", Billable: g.rng.Intn(3) > 0, Source: SourceWeb, OnTime: onTime, DatedAt: at,
				DatedOn: civil.Of(at, loc), Stamps: store.Stamps{CreatedAt: at, UpdatedAt: at}})
			total -= m
		}
	}
	return out
}
