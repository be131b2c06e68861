package hl7

import (
	"strings"
	"time"
)

// Acknowledgment codes (HL7 table 0008, original mode).
const (
	AckAccept = "AA" // applied
	AckError  = "AE" // received and kept, but not applied: waiting in Interface errors
	AckReject = "AR" // refused: a type Dossier does not take, or unreadable
)

// ACK writes the acknowledgement of m with code and a reason (MSA-3 and,
// for AE/AR, an ERR segment). For a message that could not be read at all
// pass the zero Message: the ACK then carries no control ID to answer.
func ACK(m Message, code, reason string, now time.Time, controlID string) string {
	d := Standard
	h := Segment{}
	if len(m.Segments) > 0 {
		d = m.Delims
		h = m.header()
	}
	esc := func(s string) string { return Escape(s, d) }
	version := h.Field(12).Raw()
	if version == "" {
		version = "2.5.1"
	}
	trigger := h.Field(9).Comp(2).Raw()
	f := string(d.Field)
	enc := string([]byte{d.Component, d.Repetition, d.Escape})
	if d.Subcomponent != 0 {
		enc += string(d.Subcomponent)
	}
	msh := []string{"MSH" + f + enc, h.Field(5).Raw(), h.Field(6).Raw(), h.Field(3).Raw(), h.Field(4).Raw(),
		FormatTime(now), "", "ACK" + string(d.Component) + trigger + string(d.Component) + "ACK", controlID, h.Field(11).Raw(), version}
	out := []string{strings.Join(msh, f)}
	msa := []string{"MSA", code, h.Field(10).Raw(), esc(oneLine(reason))}
	out = append(out, strings.Join(msa, f))
	if code != AckAccept && reason != "" {
		sev := "E"
		errCode := "207" + string(d.Component) + "Application internal error" + string(d.Component) + "HL70357"
		if code == AckReject {
			errCode = "200" + string(d.Component) + "Unsupported message type" + string(d.Component) + "HL70357"
		}
		out = append(out, strings.Join([]string{"ERR", "", "", errCode, sev, "", "", "", esc(oneLine(reason))}, f))
	}
	return strings.Join(out, "\r") + "\r"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// AckCode reads an ACK's MSA-1 and MSA-3: what the peer answered.
func AckCode(ack Message) (code, text string) {
	msa, ok := ack.Seg("MSA")
	if !ok {
		return "", ""
	}
	return msa.Field(1).String(), msa.Field(3).Text()
}
