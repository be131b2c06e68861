// Package hl7out delivers the HL7 v2 ADT messages Dossier sends (when the
// clinic's Interfaces.SendADT is on): each event in the store's outbox is
// built into a message from the records and written to the configured
// folder, or sent to the configured MLLP peer, which must acknowledge it.
// An event not delivered stays in the outbox and is tried again; the
// messages go in order, so one that cannot be delivered holds back the
// ones after it (a receiver must not see a discharge before its
// admission).
package hl7out

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"dossier/app/flow/hl7in"
	"dossier/model"
	"dossier/reports/imports/hl7"
	"dossier/storage"
)

// Report is what one round of delivery did.
type Report struct {
	Sent, Rejected, Waiting int
	Problem                 string // why the rest are waiting: "peer 10.0.0.5:2575 unreachable: …"
}

// Deliver sends what the outbox holds, oldest first, and stops at the
// first message the destination cannot take now (it waits for the next
// round). A peer's AE or AR is recorded as rejected and the round goes on.
func Deliver(ctx context.Context, sess *storage.Session) (Report, error) {
	var rep Report
	c, err := sess.Clinic()
	if err != nil {
		return rep, err
	}
	set := c.Interfaces
	if set.OutFolder == "" && set.PeerAddr == "" {
		return rep, model.Errorf(model.Invalid, "no destination for HL7 out: set a folder or an MLLP peer in Administration › Interfaces")
	}
	pending, err := sess.Outbox().Pending()
	if err != nil {
		return rep, err
	}
	for i, o := range pending {
		if ctx.Err() != nil {
			rep.Waiting = len(pending) - i
			return rep, nil
		}
		p, e, err := sess.Outbox().Content(o)
		if err != nil {
			return rep, err
		}
		msg := hl7.ADT(o.Trigger, o.ControlID, c, p, e, time.Now())
		to, problem, rejected := deliverOne(ctx, set, o, msg)
		if err := sess.Outbox().Delivered(o.ID, to, problem, rejected); err != nil {
			return rep, err
		}
		switch {
		case problem == nil:
			rep.Sent++
		case rejected:
			rep.Rejected++
		default:
			rep.Waiting = len(pending) - i
			rep.Problem = problem.Error()
			return rep, nil
		}
	}
	return rep, nil
}

func deliverOne(ctx context.Context, set model.InterfaceSettings, o model.OutboundMessage, msg string) (to string, problem error, rejected bool) {
	if set.OutFolder != "" {
		to = "folder " + set.OutFolder
		return to, writeFile(set.OutFolder, o.ControlID+".hl7", msg), false
	}
	to = "MLLP " + set.PeerAddr
	ack, err := hl7in.Send(ctx, set.PeerAddr, msg)
	if err != nil {
		return to, fmt.Errorf("peer %s did not answer: %w", set.PeerAddr, err), false
	}
	switch code, text := hl7.AckCode(ack); code {
	case hl7.AckAccept, "CA":
		return to, nil, false
	case "":
		return to, errors.New("the peer's answer has no MSA segment"), false
	default:
		return to, fmt.Errorf("the peer answered %s: %s", code, text), true
	}
}

// writeFile writes atomically: a receiver polling the folder never reads
// half a message.
func writeFile(dir, name, msg string) error {
	tmp := filepath.Join(dir, "."+name+".part")
	if err := os.WriteFile(tmp, []byte(msg), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, name))
}

// Run delivers every interval until ctx ends; report hears of each round
// that did something.
func Run(ctx context.Context, sess *storage.Session, interval time.Duration, report func(Report, error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		rep, err := Deliver(ctx, sess)
		if report != nil && (err != nil || rep.Sent+rep.Rejected+rep.Waiting > 0) {
			report(rep, err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
