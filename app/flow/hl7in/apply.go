// Package hl7in brings HL7 v2 messages into Dossier: from files (`dossier
// import hl7`, the Interfaces screen) and from the MLLP listener (`dossier
// listen --mllp`). Each message is read (reports/imports/hl7) and handed to
// the store (storage.Interfaces), which applies it in one transaction or
// keeps it in the Interface errors queue with the reason; the answer is an
// ACK: AA applied, AE kept but not applied, AR refused.
package hl7in

import (
	"fmt"
	"time"

	"dossier/model"
	"dossier/reports/imports/hl7"
	"dossier/storage"
)

// Result is what became of one message.
type Result struct {
	Message   model.InboundMessage
	Duplicate bool   // already applied earlier: nothing done again
	Code      string // hl7.AckAccept, AckError or AckReject
	ACK       string // the acknowledgement to send back
}

// Clock is the time zone of times without an offset: the clinic's clock.
var Clock = time.Local

// Apply reads one message's text and applies it. Only a failure to keep
// the message at all is an error; a message that cannot be applied is a
// Result with code AE (in the queue) or AR (refused).
func Apply(sess *storage.Session, text, source string) (Result, error) {
	m, err := hl7.Parse(text)
	if err != nil {
		return keepUnreadable(sess, text, source, err)
	}
	return applyMessage(sess, m, source)
}

func keepUnreadable(sess *storage.Session, text, source string, err error) (Result, error) {
	in := model.InboundMessage{Raw: text, Source: source, Type: "?", Status: model.InboundRefused, Reason: err.Error()}
	out, _, kerr := sess.Interfaces().Receive(in, nil)
	if kerr != nil {
		return Result{}, kerr
	}
	return Result{Message: out, Code: hl7.AckReject, ACK: hl7.ACK(hl7.Message{}, hl7.AckReject, err.Error(), time.Now(), ackID())}, nil
}

func ackID() string { return "ACK" + model.NewID().String()[:12] }

// inboundOf is the record of a read message before it is applied.
func inboundOf(m hl7.Message, source string) model.InboundMessage {
	return model.InboundMessage{Sender: m.Sender(), ControlID: m.ControlID(), Type: m.Type(), Version: m.Version(),
		Raw: m.Text(), Source: source}
}

func applyMessage(sess *storage.Session, m hl7.Message, source string) (Result, error) {
	in := inboundOf(m, source)
	ev, err := hl7.ReadEvent(m, Clock)
	var evp *model.InboundEvent
	switch {
	case err != nil && hl7.IsRefusal(err):
		in.Status, in.Reason = model.InboundRefused, err.Error()
	case err != nil:
		in.Status, in.Reason = model.InboundFailed, err.Error()
	default:
		evp = &ev
	}
	out, dup, err := sess.Interfaces().Receive(in, evp)
	if err != nil {
		return Result{}, err
	}
	return resultOf(m, out, dup), nil
}

func resultOf(m hl7.Message, out model.InboundMessage, dup bool) Result {
	r := Result{Message: out, Duplicate: dup}
	reason := out.Reason
	switch out.Status {
	case model.InboundApplied:
		r.Code, reason = hl7.AckAccept, ""
		if dup {
			reason = "already applied"
		}
	case model.InboundRefused:
		r.Code = hl7.AckReject
	default:
		r.Code = hl7.AckError
		reason = "kept in Interface errors: " + reason
	}
	r.ACK = hl7.ACK(m, r.Code, reason, time.Now(), ackID())
	return r
}

// Replay reads a message from the queue again, as the supervisor fixed its
// text, and applies it.
func Replay(sess *storage.Session, id model.ID, fixedText, fixReason string) (Result, error) {
	cur, err := sess.Interfaces().InboundMessage(id)
	if err != nil {
		return Result{}, err
	}
	m, err := hl7.Parse(fixedText)
	if err != nil {
		cur.Raw, cur.Reason = fixedText, err.Error()
		out, rerr := sess.Interfaces().Replay(cur, nil, fixReason)
		if rerr != nil {
			return Result{}, rerr
		}
		return Result{Message: out, Code: hl7.AckError}, nil
	}
	in := inboundOf(m, cur.Source)
	in.ID = cur.ID
	ev, err := hl7.ReadEvent(m, Clock)
	var evp *model.InboundEvent
	if err != nil {
		in.Reason = err.Error()
	} else {
		evp = &ev
	}
	out, err := sess.Interfaces().Replay(in, evp, fixReason)
	if err != nil {
		return Result{}, err
	}
	return resultOf(m, out, false), nil
}

// Summary counts what a file import did.
type Summary struct {
	Messages, Applied, Duplicates, Failed, Refused int
	Types                                          map[string]int
	Problems                                       []string // "message 3 (ADT^A02 MSG00012): unknown patient …"
}

func (s *Summary) add(i int, r Result) {
	s.Messages++
	if s.Types == nil {
		s.Types = map[string]int{}
	}
	s.Types[r.Message.Type]++
	switch {
	case r.Duplicate:
		s.Duplicates++
	case r.Code == hl7.AckAccept:
		s.Applied++
	case r.Code == hl7.AckReject:
		s.Refused++
		s.Problems = append(s.Problems, fmt.Sprintf("message %d (%s %s): refused: %s", i, r.Message.Type, r.Message.ControlID, r.Message.Reason))
	default:
		s.Failed++
		s.Problems = append(s.Problems, fmt.Sprintf("message %d (%s %s): %s", i, r.Message.Type, r.Message.ControlID, r.Message.Reason))
	}
}
