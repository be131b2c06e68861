package cli

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"

	"dossier/model/match"
	dedupe "dossier/reports/imports/people"
)

// fileList is a flag given once per file.
type fileList []string

func (f *fileList) String() string     { return strings.Join(*f, ", ") }
func (f *fileList) Set(v string) error { *f = append(*f, v); return nil }

// withoutFields are the fields --without can leave out of the comparison.
var withoutFields = map[string]func(*match.Person){
	"national_id": func(p *match.Person) { p.NationalID = "" },
	"phone":       func(p *match.Person) { p.Phone = "" },
	"birth":       func(p *match.Person) { p.BirthYear, p.BirthMonth, p.BirthDay = 0, 0, 0 },
	"sex":         func(p *match.Person) { p.Sex = 0 },
	"address":     func(p *match.Person) { p.Address = "" },
	"locality":    func(p *match.Person) { p.Locality = "" },
	"postcode":    func(p *match.Person) { p.Postcode = "" },
	"region":      func(p *match.Person) { p.Region = "" },
	"other":       func(p *match.Person) { p.Other = nil },
}

// runDedupe finds likely duplicates in a CSV list of people, or the people
// of one list in another, without opening any store: for registers kept in
// spreadsheets, before they are imported. Pairs go to stdout as CSV, best
// first; everything else to stderr.
func runDedupe(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "dedupe")
	var files fileList
	fs.Var(&files, "csv", "a CSV file of people; twice to link two files")
	mapArg := fs.String("map", "", "columns whose header is not recognised: COLUMN=FIELD,… (fields: id, given, family, other, birth, sex, phone, address, street_number, locality, postcode, region, national_id, ignore)")
	acceptBroken := fs.Bool("accept-broken", false, "skip broken rows instead of stopping")
	without := fs.String("without", "", "fields to leave out of the comparison, comma-separated (e.g. national_id)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(files) == 0 || len(files) > 2 {
		return errors.New("usage: dossier dedupe --csv FILE [--csv FILE2] [--map COLUMN=FIELD,…] [--accept-broken] [--without national_id]")
	}
	mapping, err := dedupe.ParseMapping(*mapArg)
	if err != nil {
		return err
	}
	var clear []func(*match.Person)
	for _, f := range strings.Split(*without, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		c, ok := withoutFields[f]
		if !ok {
			return fmt.Errorf("--without %s: not a field that can be left out (%s)", f, strings.Join(sortedKeys(withoutFields), ", "))
		}
		clear = append(clear, c)
	}

	// Read every file before printing anything, so that a broken file
	// shows only its problems.
	tables := make([]dedupe.Table, len(files))
	skipped := make([][]dedupe.RowError, len(files))
	for i, name := range files {
		tables[i], skipped[i], err = readTable(name, mapping, *acceptBroken)
		if len(skipped[i]) > 0 && !*acceptBroken {
			for _, e := range skipped[i] {
				fmt.Fprintln(env.Stderr, e.String())
			}
			return fmt.Errorf("%s has %d broken rows; fix them or run with --accept-broken", name, len(skipped[i]))
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	prepared := make([][]match.Prepared, len(files))
	for i, name := range files {
		t := tables[i]
		fmt.Fprintf(env.Stderr, "%s: %d people; columns %s\n", name, len(t.People), describeColumns(t.Columns))
		for _, e := range skipped[i] {
			fmt.Fprintf(env.Stderr, "%s: skipped %s\n", name, e.String())
		}
		prepared[i] = make([]match.Prepared, len(t.People))
		for j, p := range t.People {
			for _, c := range clear {
				c(&p)
			}
			prepared[i][j] = match.Prepare(p)
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	step := -1
	progress := func(done, total int) {
		// One line per tenth: enough to see it move, little enough for a log.
		// The steps count a pair once for every key it shares, so only the
		// share done is shown; the true pair counts follow at the end.
		if s := done * 10 / max(total, 1); s > step {
			step = s
			fmt.Fprintf(env.Stderr, "comparing: %d%%\n", s*10)
		}
	}
	m := &match.DefaultModel
	var pairs []match.Pair
	var st match.Stats
	a, b := tables[0], tables[0]
	if len(files) == 1 {
		pairs, st, err = m.PairsStats(ctx, prepared[0], progress)
	} else {
		b = tables[1]
		pairs, st, err = m.LinkStats(ctx, prepared[0], prepared[1], progress)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stderr, describeStats(st, len(files) > 1))
	if err := dedupe.WritePairs(env.Stdout, a, b, pairs); err != nil {
		return err
	}
	matches := 0
	for _, p := range pairs {
		if p.Decision == match.Match {
			matches++
		}
	}
	fmt.Fprintf(env.Stderr, "%d pairs: %d match, %d to review\n", len(pairs), matches, len(pairs)-matches)
	return nil
}

// describeStats says how many pairs were compared, of how many there are,
// and why the rest were not: no shared blocking key, or a key shared by so
// many people that its members met only their nearest neighbours by name.
func describeStats(st match.Stats, linking bool) string {
	what := fmt.Sprintf("%s pairs among %s people", groupDigits(st.Possible), groupDigits(st.People))
	if linking {
		what = fmt.Sprintf("%s pairs across the two lists", groupDigits(st.Possible))
	}
	msg := fmt.Sprintf("compared %s of the %s", groupDigits(st.Compared), what)
	if n := st.NotCompared(); n > 0 {
		msg += fmt.Sprintf("; %s pairs were not compared because they share no blocking key (names that sound alike with a birth date, village or postcode; a phone; a national ID)", groupDigits(n))
		if st.Oversized > 0 {
			msg += fmt.Sprintf(", or because %d such keys are shared by more than %d people each, whose members were compared only with their %d nearest neighbours by name",
				st.Oversized, st.MaxBlock, match.Neighbours)
		}
	}
	return msg
}

// groupDigits writes n with thousands separators.
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func readTable(name string, mapping map[string]string, acceptBroken bool) (dedupe.Table, []dedupe.RowError, error) {
	f, err := os.Open(name)
	if err != nil {
		return dedupe.Table{}, nil, err
	}
	defer f.Close()
	return dedupe.Read(f, mapping, acceptBroken)
}

// describeColumns lists "header → field" in the file's terms, so the clerk
// can check that the columns were understood.
func describeColumns(cols map[string]string) string {
	var out []string
	for _, h := range sortedKeys(cols) {
		out = append(out, h+" → "+cols[h])
	}
	return strings.Join(out, ", ")
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
