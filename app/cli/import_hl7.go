package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"

	"dossier/app/flow/hl7in"
	"dossier/app/flow/hl7out"
)

// runImportHL7 applies HL7 v2 messages from files, each in its own
// transaction; those that cannot be applied wait in Interface errors.
// Ctrl-C stops between messages.
func runImportHL7(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "import hl7")
	dry := fs.Bool("dry-run", false, "only read the messages and say what would be tried; write nothing")
	flags, files := splitFlags(args)
	if err := parse(fs, flags); err != nil {
		return err
	}
	if len(files) == 0 {
		return errors.New("name the HL7 files to import")
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	last := time.Now()
	sum, err := hl7in.ImportFiles(ctx, sess, files, *dry, func(done, total int) {
		if time.Since(last) > time.Second {
			last = time.Now()
			fmt.Fprintf(env.Stderr, "%d of %d messages…\n", done, total)
		}
	})
	if err != nil {
		return err
	}
	printHL7Summary(env, sum, *dry)
	return nil
}

func printHL7Summary(env *Env, s hl7in.Summary, dry bool) {
	w := env.Stdout
	if dry {
		fmt.Fprintf(w, "Dry run: nothing written. %d messages read: %d ready to apply, %d with a problem, %d refused.\n", s.Messages, s.Applied, s.Failed, s.Refused)
	} else {
		fmt.Fprintf(w, "%d messages: %d applied, %d already applied before, %d kept in Interface errors, %d refused.\n", s.Messages, s.Applied, s.Duplicates, s.Failed, s.Refused)
	}
	var types []string
	for t, n := range s.Types {
		types = append(types, fmt.Sprintf("%s %d", t, n))
	}
	slices.Sort(types)
	if len(types) > 0 {
		fmt.Fprintln(w, "By type: "+strings.Join(types, ", "))
	}
	for _, p := range s.Problems {
		fmt.Fprintln(w, "  "+p)
	}
}

// runListen runs the MLLP listener until Ctrl-C, answering each message
// with its ACK. The port is --mllp or the clinic's setting; it listens on
// this computer only unless an administrator allowed the LAN.
func runListen(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "listen")
	port := fs.Int("mllp", 0, "the TCP port to answer MLLP on (default: the clinic's setting)")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := sess.Clinic()
	if err != nil {
		return err
	}
	if *port == 0 {
		*port = c.Interfaces.MLLPPort
	}
	if *port == 0 {
		return errors.New("the MLLP listener is off: give --mllp PORT, or set the port in Administration › Interfaces")
	}
	l, err := hl7in.Listen(sess, *port, c.Interfaces.AllowLAN)
	if err != nil {
		return err
	}
	l.OnMessage = func(r hl7in.Result) {
		// Type, control ID and answer only: the reasons can name patients.
		fmt.Fprintf(env.Stdout, "%s %s %s %s\n", time.Now().Format("15:04:05"), r.Message.Type, r.Message.ControlID, r.Code)
	}
	scope := "this computer only"
	if c.Interfaces.AllowLAN {
		scope = "the local network (allowed by the administrator)"
	}
	fmt.Fprintf(env.Stdout, "Listening for HL7 (MLLP) on %s, %s, as %s. Ctrl-C stops.\n", l.Addr(), scope, sess.User().Username)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	report := func(r hl7out.Report, err error) {
		if err != nil {
			fmt.Fprintln(env.Stderr, "HL7 out: "+oneLine(err))
			return
		}
		fmt.Fprintf(env.Stdout, "%s HL7 out: %d sent, %d refused by the peer, %d waiting %s\n", time.Now().Format("15:04:05"), r.Sent, r.Rejected, r.Waiting, r.Problem)
	}
	sending := make(chan struct{})
	if !c.Interfaces.SendADT {
		close(sending)
	} else {
		// The same process delivers the clinic's outgoing ADT, every 30 s;
		// the store closes only once it has stopped.
		defer func() { <-sending }()
		defer stop()
		go func() { defer close(sending); hl7out.Run(ctx, sess, 30*time.Second, report) }()
	}
	err = l.Serve(ctx)
	st := l.Status()
	fmt.Fprintf(env.Stdout, "Stopped: %d received, %d applied, %d to Interface errors, %d refused.\n", st.Received, st.Applied, st.Errors, st.Refused)
	return err
}
