package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"dossier/model"
	"dossier/model/search"
)

func runSearch(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "search")
	sex := fs.String("sex", "", "F, M, O or U")
	born := fs.Int("born", 0, "birth year")
	age := fs.String("age", "", "age in years")
	village := fs.String("village", "", "village (or its first letters)")
	limit := fs.Int("limit", 20, "how many results")
	if err := fs.Parse(args); err != nil {
		return err
	}
	text := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(text) == "" && *born == 0 && *age == "" {
		return errors.New(`say what to search for: dossier search "name, MRN, phone or chart number"`)
	}
	q := search.Query{Text: text, Sex: model.Sex(strings.ToUpper(*sex)), BirthYear: *born, Village: *village, Limit: *limit}
	if *age != "" {
		n, err := strconv.Atoi(strings.TrimSpace(*age))
		if err != nil {
			return fmt.Errorf("--age is a whole number of years")
		}
		q.Age, q.HasAge = n, true
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	rs, err := sess.Patients().Search(q, true)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		fmt.Fprintln(env.Stdout, "No patient matches.")
		return nil
	}
	for _, r := range rs {
		born := r.BirthDate.String()
		if r.Estimated {
			born = "~" + strconv.Itoa(r.BirthDate.Year)
		}
		fmt.Fprintf(env.Stdout, "%-15s %-32s %s %-10s %-14s %3.0f%%  %s\n", r.MRN, r.Name, r.Sex, born, r.Village,
			100*r.Score, search.Texts(r.Why))
	}
	return nil
}
