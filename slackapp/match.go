package slackapp

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/timestreak/timestreak/tracking/org"
)

// Reading "/timestreak 30m design review fixed the header": a duration,
// then the words that name a task, then the note.

var (
	clockTime = regexp.MustCompile(`^(\d{1,2}):([0-5]\d)$`)
	hoursPart = regexp.MustCompile(`^(\d{1,2}(?:[.,]\d{1,2})?)(?:h|hr|hrs|hour|hours)(?:(\d{1,2})(?:m|min|mins)?)?$`)
	minsPart  = regexp.MustCompile(`^(\d{1,4})(?:m|min|mins|minute|minutes)$`)
)

// leadingDuration reads the duration at the start of words ("30m",
// "1h30m", "1h 30m", "1.5h", "1:30") and returns its minutes and the
// words after it; ok is false when words do not start with one. A bare
// number is no duration: it could be hours or minutes.
func leadingDuration(words []string) (minutes int, rest []string, ok bool) {
	if len(words) == 0 {
		return 0, nil, false
	}
	w := strings.ToLower(words[0])
	if m := clockTime.FindStringSubmatch(w); m != nil {
		h, _ := strconv.Atoi(m[1])
		mm, _ := strconv.Atoi(m[2])
		return h*60 + mm, words[1:], true
	}
	if m := minsPart.FindStringSubmatch(w); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, words[1:], true
	}
	m := hoursPart.FindStringSubmatch(w)
	if m == nil {
		return 0, nil, false
	}
	h, _ := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
	minutes = int(math.Round(h * 60))
	rest = words[1:]
	if m[2] != "" {
		n, _ := strconv.Atoi(m[2])
		minutes += n
	} else if len(rest) > 0 && !strings.ContainsAny(m[1], ".,") {
		if mm := minsPart.FindStringSubmatch(strings.ToLower(rest[0])); mm != nil { // "1h 30m"
			n, _ := strconv.Atoi(mm[1])
			minutes, rest = minutes+n, rest[1:]
		}
	}
	return minutes, rest, true
}

// nameWords are a name's words, folded to lower case, punctuation aside.
func nameWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// names tells whether the typed words name a task: they start words of
// its name in a row ("des rev" names "Design review"). A word of one
// character must be a whole word of the name.
func names(typed, name []string) bool {
	for i := 0; i+len(typed) <= len(name); i++ {
		ok := true
		for j, w := range typed {
			n := name[i+j]
			if n != w && (len([]rune(w)) < 2 || !strings.HasPrefix(n, w)) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// maxTaskWords bounds how many of the first words may name the task.
const maxTaskWords = 8

// choice is what the words after the duration say: the task (one, or
// several to pick from; none when no task is named) and the note.
type choice struct {
	task    *org.Task
	options []org.Task
	note    string
}

// choose reads which task the words name among tasks (those whose name
// holds the first word), most words first: the longest run of first
// words that names a task names it, and the words after are the note.
// Among the tasks those words name, an exact name wins, then the one
// recent task among them (recent ranks tasks by how recently the person
// logged time on them); otherwise the person picks.
func choose(words []string, tasks []org.Task, recent map[string]int) choice {
	for k := min(len(words), maxTaskWords); k >= 1; k-- {
		phrase := nameWords(strings.Join(words[:k], " "))
		if len(phrase) == 0 {
			continue
		}
		var named, exact, recentOnes []org.Task
		for _, t := range tasks {
			nw := nameWords(t.Name)
			if !names(phrase, nw) {
				continue
			}
			named = append(named, t)
			if strings.Join(nw, " ") == strings.Join(phrase, " ") {
				exact = append(exact, t)
			}
		}
		if len(named) == 0 {
			continue
		}
		note := strings.Join(words[k:], " ")
		pool := named
		if len(exact) > 0 {
			pool = exact
		}
		for _, t := range pool {
			if _, ok := recent[t.ID]; ok {
				recentOnes = append(recentOnes, t)
			}
		}
		switch {
		case len(pool) == 1:
			return choice{task: &pool[0], note: note}
		case len(recentOnes) == 1:
			return choice{task: &recentOnes[0], note: note}
		}
		return choice{options: byRecency(pool, recent), note: note}
	}
	return choice{note: strings.Join(words, " ")}
}

// byRecency orders tasks the person logged on most recently first, then
// the others by name.
func byRecency(tasks []org.Task, recent map[string]int) []org.Task {
	out := append([]org.Task(nil), tasks...)
	rank := func(t org.Task) int {
		if r, ok := recent[t.ID]; ok {
			return r
		}
		return math.MaxInt
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := rank(out[i]), rank(out[j]); ri != rj {
			return ri < rj
		}
		return out[i].Name < out[j].Name
	})
	return out
}
