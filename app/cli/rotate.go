package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"dossier/storage"
)

// runRotateKeys re-seals the whole store under a new data key (after a user
// who may have copied the file leaves, a laptop is lost, a password leaked).
// Ctrl-C cancels and leaves the store as it was.
func runRotateKeys(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "rotate-keys")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	plan, err := sess.Admin().RotationPlan()
	if err != nil {
		return err
	}
	printPlan(env, plan, "will")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	lastTenth := -1
	plan, err = sess.Admin().RotateKeys(ctx, func(done, total int) {
		if total > 0 && done*10/total != lastTenth {
			lastTenth = done * 10 / total
			fmt.Fprintf(env.Stderr, "\r%3d%% re-sealed (%d of %d values)", lastTenth*10, done, total)
		}
	})
	fmt.Fprintln(env.Stderr)
	if errors.Is(err, context.Canceled) {
		return errors.New("cancelled: the store is as it was, under its old key")
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Keys rotated in %.1fs: %d values re-sealed under a new data key.\n", time.Since(start).Seconds(), plan.Values)
	printPlan(env, plan, "did")
	fmt.Fprintln(env.Stdout, "Backups made before today are still under the old key: make a new backup now, and destroy the old ones when it has been checked.")
	return nil
}

func printPlan(env *Env, plan storage.RotatePlan, tense string) {
	carry := "get"
	if tense == "did" {
		carry = "got"
	}
	fmt.Fprintf(env.Stdout, "These accounts %s the new key and sign in with their passwords as before: %s\n", carry, strings.Join(plan.Carried, ", "))
	fmt.Fprintln(env.Stdout, "The recovery key goes on opening the store.")
	if len(plan.Disabled) > 0 {
		fmt.Fprintf(env.Stdout, "Disabled accounts get nothing (their old passwords and any copy of the old key open nothing new): %s\n", strings.Join(plan.Disabled, ", "))
	}
	for _, n := range plan.NeedPassword {
		fmt.Fprintf(env.Stdout, "NEEDS A NEW PASSWORD from an administrator afterwards (`dossier users` or Settings → Users): %s\n", n)
	}
	if plan.DroppedLookups > 0 {
		fmt.Fprintf(env.Stdout, "Note: %d exact-lookup entries matched no patient revision and were left out.\n", plan.DroppedLookups)
	}
}
