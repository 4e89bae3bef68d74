package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/timestreak/timestreak/internal/app"
	"github.com/timestreak/timestreak/tracking"
)

// demoPassword is every demo account's password; the demo is for trying
// timestreak out, never for real data.
const demoPassword = "demo-password"

type demoSpec struct {
	users, days, teamSize int
}

func demoFlags(fs *flag.FlagSet, d *demoSpec) {
	fs.IntVar(&d.users, "users", 8, "demo people besides the admin")
	fs.IntVar(&d.days, "days", 60, "days of history")
	fs.IntVar(&d.teamSize, "team-size", 1000, "members per team")
}

// demo fills an empty database with a team and its history, then lets the
// real close-out and weekly award score it.
func demo(args []string, stdout, stderr io.Writer) error {
	var d demoSpec
	c, err := parse("demo", args, stdout, func(fs *flag.FlagSet) { demoFlags(fs, &d) })
	if err != nil {
		return err
	}
	return withApp(c, stderr, func(ctx context.Context, a *app.App) error { return seedDemo(ctx, a, d, stdout) })
}

func seedDemo(ctx context.Context, a *app.App, d demoSpec, stdout io.Writer) error {
	if d.users < 0 || d.days < 1 || d.days > 3650 {
		return fmt.Errorf("--users must be 0 or more and --days between 1 and 3650")
	}
	res, seeded, scored, err := a.SeedAndScore(ctx, tracking.SeedSpec{Users: d.users, Days: d.days, TeamSize: d.teamSize,
		Now: a.Clock.Now().UTC(), Seed: 1, Password: demoPassword})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo: %d people, %d entries over %d days (seeded in %s, scored in %s)\n",
		res.Users, res.Entries, d.days, seeded.Round(time.Millisecond), scored.Round(time.Millisecond))
	member := ""
	if d.users > 0 {
		member = " or user00000@demo.timestreak" // the seeder's first member
	}
	fmt.Fprintf(stdout, "sign in as %s (admin)%s, password %q\n", res.AdminEmail, member, demoPassword)
	return nil
}
