package cli

import (
	"fmt"
	"strings"
	"time"

	"dossier/app/flow/worklist"
	"dossier/storage"
)

// runWorklist prints what waits for the signed-in user (or, for a records
// supervisor, for --for U): each list with its count, then its oldest
// items.
func runWorklist(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "worklist")
	forUser := fs.String("for", "", "whose list (records supervisors): a username")
	limit := fs.Int("limit", 10, "items shown per list (0: counts only)")
	only := fs.String("list", "", "show only this list, every item: "+strings.Join(queueNames(), ", "))
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("worklist takes no words, only flags (%q)", fs.Arg(0))
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	defer sess.Lock("sign-out")
	who := *forUser
	if who == "" {
		who = sess.User().Username
	}
	secs, err := worklist.Lists(sess, who, time.Now(), worklist.Sources...)
	if err != nil {
		return err
	}
	if len(secs) == 0 {
		fmt.Fprintf(env.Stdout, "No work lists for %s's role.\n", who)
		return nil
	}
	fmt.Fprintf(env.Stdout, "Work for %s, %s\n", who, time.Now().Format("2006-01-02"))
	found := false
	for _, sec := range secs {
		n := *limit
		if *only != "" {
			if sec.Key != *only {
				continue
			}
			n = sec.Count
		}
		found = true
		fmt.Fprintf(env.Stdout, "\n%s: %d\n", sec.Title, sec.Count)
		for off := 0; off < n; off += 500 {
			page, err := worklist.Page(sess, sec, storage.WorkFilter{}, off, min(500, n-off))
			if err != nil {
				return err
			}
			for _, it := range page.Items {
				r := worklist.RowOf(it)
				fmt.Fprintf(env.Stdout, "  %-10s  %-34s  %s", r.When, r.Patient, r.What)
				if r.Who != "" {
					fmt.Fprintf(env.Stdout, "  (%s)", r.Who)
				}
				fmt.Fprintln(env.Stdout)
			}
			if len(page.Items) == 0 {
				break
			}
		}
		if *only == "" && sec.Count > n && n > 0 {
			fmt.Fprintf(env.Stdout, "  … and %d more (--list %s shows every one)\n", sec.Count-n, sec.Key)
		}
	}
	if !found {
		return fmt.Errorf("%s has no list %q", who, *only)
	}
	return nil
}

func queueNames() []string {
	var out []string
	for _, q := range storage.AllQueues {
		out = append(out, string(q))
	}
	return out
}
