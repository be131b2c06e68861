package match

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
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
