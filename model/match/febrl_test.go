package match

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// readFEBRL parses a FEBRL person file: a header, then values separated by
// ", "; lines starting with '#' are comments (our copy names its source and
// licence in one). It returns the people and the true duplicate pairs:
// records rec-N-org and rec-N-dup-K share N, and every two records of a
// cluster are a pair.
func readFEBRL(path string) ([]Person, map[[2]int]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var people []Person
	clusters := map[string][]int{}
	sc := bufio.NewScanner(f)
	header := true
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.HasPrefix(text, "#") || strings.TrimSpace(text) == "" {
			continue
		}
		if header {
			header = false
			continue
		}
		v := strings.Split(text, ",")
		if len(v) != 11 {
			return nil, nil, fmt.Errorf("%s:%d: %d values", path, line, len(v))
		}
		for i := range v {
			v[i] = strings.TrimSpace(v[i])
		}
		p := Person{ID: v[0], Given: v[1], Family: v[2],
			Address:  strings.TrimSpace(v[3] + " " + v[4] + " " + v[5]),
			Locality: v[6], Postcode: v[7], Region: v[8], NationalID: v[10]}
		// Corrupted dates are kept as far as they parse: the year alone, or
		// nothing.
		if d := v[9]; len(d) == 8 {
			p.BirthYear, _ = strconv.Atoi(d[:4])
			p.BirthMonth, _ = strconv.Atoi(d[4:6])
			p.BirthDay, _ = strconv.Atoi(d[6:])
		}
		parts := strings.Split(p.ID, "-")
		if len(parts) < 3 {
			return nil, nil, fmt.Errorf("%s:%d: record ID %q", path, line, p.ID)
		}
		clusters[parts[1]] = append(clusters[parts[1]], len(people))
		people = append(people, p)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	truth := map[[2]int]bool{}
	for _, c := range clusters {
		for i := range c {
			for j := i + 1; j < len(c); j++ {
				a, b := min(c[i], c[j]), max(c[i], c[j])
				truth[[2]int{a, b}] = true
			}
		}
	}
	return people, truth, nil
}

// quality is how the pairs decided Match compare with the true pairs.
type quality struct {
	precision, recall, f1 float64
	candidates            int     // pairs sharing a blocking key
	completeness          float64 // true pairs sharing a blocking key
}

func evaluate(t testing.TB, people []Person, truth map[[2]int]bool, withID bool) quality {
	t.Helper()
	prep := make([]Prepared, len(people))
	for i, p := range people {
		if !withID {
			p.NationalID = ""
		}
		prep[i] = Prepare(p)
	}
	pairs, err := DefaultModel.Pairs(context.Background(), prep, nil)
	if err != nil {
		t.Fatal(err)
	}
	tp, fp := 0, 0
	for _, p := range pairs {
		if p.Decision != Match {
			continue
		}
		if truth[[2]int{p.A, p.B}] {
			tp++
		} else {
			fp++
		}
	}
	var q quality
	q.precision = float64(tp) / float64(max(1, tp+fp))
	q.recall = float64(tp) / float64(max(1, len(truth)))
	if tp > 0 {
		q.f1 = 2 * q.precision * q.recall / (q.precision + q.recall)
	}
	// Blocking quality, for the log: how many pairs share a key, and how
	// many true pairs do.
	blocks := map[string][]int{}
	for i := range prep {
		for _, k := range BlockingKeys(&prep[i]) {
			blocks[k] = append(blocks[k], i)
		}
	}
	cand := map[[2]int]bool{}
	for _, b := range blocks {
		if len(b) > DefaultMaxBlock {
			continue
		}
		for i := range b {
			for j := i + 1; j < len(b); j++ {
				cand[[2]int{min(b[i], b[j]), max(b[i], b[j])}] = true
			}
		}
	}
	found := 0
	for p := range truth {
		if cand[p] {
			found++
		}
	}
	q.candidates = len(cand)
	q.completeness = float64(found) / float64(max(1, len(truth)))
	return q
}

func logQuality(t *testing.T, set string, withID bool, q quality) {
	id := "without ID"
	if withID {
		id = "with ID   "
	}
	t.Logf("%s %s: precision %.4f recall %.4f F1 %.4f (%d candidate pairs, blocking keeps %.4f of true pairs)",
		set, id, q.precision, q.recall, q.f1, q.candidates, q.completeness)
}

// TestFEBRL checks the default model on FEBRL dataset1 (1,000 records, 500
// true pairs). FEBRL_DIR=/path/to/febrl also runs dataset2 and dataset3.
func TestFEBRL(t *testing.T) {
	sets := []string{"testdata/febrl-dataset1.csv"}
	if dir := os.Getenv("FEBRL_DIR"); dir != "" {
		sets = append(sets, filepath.Join(dir, "dataset2.csv"), filepath.Join(dir, "dataset3.csv"))
	}
	for _, path := range sets {
		people, truth, err := readFEBRL(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, withID := range []bool{true, false} {
			q := evaluate(t, people, truth, withID)
			logQuality(t, filepath.Base(path), withID, q)
			// Issue 15 lifted these from 0.95 and 0.97 (see the README's
			// "Record linkage quality" for the figures and what is missed).
			want := 0.985
			if withID {
				want = 0.995
			}
			if q.f1 < want {
				t.Errorf("%s (with ID %v): F1 %.4f, want at least %.2f", path, withID, q.f1, want)
			}
		}
	}
}
