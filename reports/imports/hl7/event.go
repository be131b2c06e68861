package hl7

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"dossier/model"
)

// Supported are the message types Dossier applies. Anything else is
// refused (AR) with a reason naming the type.
var Supported = []string{"ADT^A01", "ADT^A02", "ADT^A03", "ADT^A04", "ADT^A05", "ADT^A08", "ADT^A11",
	"ADT^A12", "ADT^A13", "ADT^A28", "ADT^A31", "ADT^A40", "ORU^R01"}

// Refusal is a message Dossier will not apply at all: a type it does not
// take or one it cannot read. The sender gets AR; nothing goes in the
// Interface errors queue because nothing could ever be applied.
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

// IsRefusal reports whether err refuses the message (AR) rather than
// failing to apply it (AE).
func IsRefusal(err error) bool {
	var r *Refusal
	var p *ParseError
	return errors.As(err, &r) || errors.As(err, &p)
}

// versionTaken accepts 2.3 to 2.8 with any sub-release ("2.3.1", "2.5.1").
// An empty MSH-12 is taken: some senders leave it out.
func versionTaken(v string) bool {
	if v == "" {
		return true
	}
	parts := strings.Split(v, ".")
	return len(parts) >= 2 && parts[0] == "2" && len(parts[1]) == 1 && parts[1] >= "3" && parts[1] <= "8"
}

func supported(t string) bool {
	for _, s := range Supported {
		if s == t {
			return true
		}
	}
	return false
}

// ReadEvent reads what a message asks Dossier to do. Times without an
// offset are read in loc. A type Dossier does not apply is a *Refusal; a
// value that does not read (a date of birth of 31 February) is a plain
// error, and the message goes to the Interface errors queue with it.
func ReadEvent(m Message, loc *time.Location) (model.InboundEvent, error) {
	var ev model.InboundEvent
	if !versionTaken(m.Version()) {
		return ev, &Refusal{fmt.Sprintf("HL7 version %q is not taken by Dossier (it takes 2.3 to 2.8)", m.Version())}
	}
	t := m.Type()
	if !supported(t) {
		// Some senders leave MSH-9.2 empty and name the event in EVN-1.
		if evn, ok := m.Seg("EVN"); ok && !strings.Contains(t, "^") && supported(t+"^"+evn.Field(1).String()) {
			t = t + "^" + evn.Field(1).String()
		} else {
			return ev, &Refusal{fmt.Sprintf("message type %s is not taken by Dossier (it takes %s)", t, strings.Join(Supported, ", "))}
		}
	}
	ev.Trigger = t[strings.IndexByte(t, '^')+1:]
	pid, ok := m.Seg("PID")
	if !ok {
		return ev, errors.New("the message has no PID segment: no patient to apply it to")
	}
	var err error
	if ev.Identifiers, ev.Patient, err = readPID(pid, loc); err != nil {
		return ev, err
	}
	if len(ev.Identifiers) == 0 {
		return ev, errors.New("PID-3 holds no patient identifier")
	}
	if ev.At, err = eventTime(m, ev.Trigger, loc); err != nil {
		return ev, err
	}
	if pv1, ok := m.Seg("PV1"); ok {
		readPV1(pv1, &ev)
	}
	if pv2, ok := m.Seg("PV2"); ok {
		ev.Reason = text(pv2.Field(3))
	}
	switch ev.Trigger {
	case "A40":
		mrg, ok := m.Seg("MRG")
		if !ok {
			return ev, errors.New("an A40 merge needs an MRG segment naming the patient merged away")
		}
		for _, r := range mrg.Field(1).Reps() {
			if id := r.Comp(1).String(); id != "" {
				ev.MergeFrom = append(ev.MergeFrom, id)
			}
		}
		if len(ev.MergeFrom) == 0 {
			return ev, errors.New("MRG-1 holds no identifier of the patient merged away")
		}
	case "R01":
		if ev.Reports, err = readResults(m, loc); err != nil {
			return ev, err
		}
	}
	return ev, nil
}

// text is a coded or free value's text: the second component when the
// first is a code (CE/CWE "123^Chest pain"), else the first.
func text(v Value) string {
	if s := v.Comp(2).String(); s != "" {
		return s
	}
	return v.Comp(1).String()
}

func readPID(pid Segment, loc *time.Location) ([]string, model.Patient, error) {
	var ids []string
	var p model.Patient
	add := func(id string) {
		for _, have := range ids {
			if have == id {
				return
			}
		}
		ids = append(ids, id)
	}
	var mr, other []string
	for _, r := range pid.Field(3).Reps() {
		id, typ := r.Comp(1).String(), strings.ToUpper(r.Comp(5).String())
		switch {
		case id == "":
		case typ == "SS" || typ == "NI" || typ == "NN":
			if p.NationalID == "" {
				p.NationalID = id
			}
		case typ == "MR" || typ == "PI" || typ == "PT":
			mr = append(mr, id)
		default:
			other = append(other, id)
		}
	}
	for _, id := range append(mr, other...) {
		add(id)
	}
	if id := pid.Field(2).Comp(1).String(); id != "" { // PID-2, kept up to 2.4 as the external ID
		add(id)
	}
	if p.NationalID == "" {
		p.NationalID = pid.Field(19).String() // SSN, older versions
	}
	name := pid.Field(5)
	p.FamilyName = name.Comp(1).Sub(1).Text()
	p.GivenName = strings.TrimSpace(name.Comp(2).String() + " " + name.Comp(3).String())
	for _, r := range name.Reps()[min(1, len(name.Reps())):] {
		if alias := strings.TrimSpace(r.Comp(2).String() + " " + r.Comp(1).String()); alias != "" {
			p.OtherNames = append(p.OtherNames, alias)
		}
	}
	if b := pid.Field(7).Comp(1).String(); b != "" {
		t, err := ParseTime(b, loc)
		if err != nil {
			return nil, p, fmt.Errorf("PID-7 date of birth: %w", err)
		}
		p.BirthDate = model.DateOf(t)
	}
	switch strings.ToUpper(pid.Field(8).String()) {
	case "F":
		p.Sex = model.SexFemale
	case "M":
		p.Sex = model.SexMale
	case "O", "A", "N":
		p.Sex = model.SexOther
	default:
		p.Sex = model.SexUnknown
	}
	addr := pid.Field(11)
	for _, c := range []int{4, 3, 1} { // state › city › street: region › district › village
		if s := addr.Comp(c).String(); s != "" {
			p.Address = append(p.Address, s)
		}
	}
	ph := pid.Field(13)
	for _, s := range []string{ph.Comp(1).String(), ph.Comp(12).String(), ph.Comp(6).String() + ph.Comp(7).String()} {
		if s != "" && model.ValidPhone(s) {
			p.Phone = s
			break
		}
	}
	return ids, p, nil
}

// eventTime is when the event happened: for an admission PV1-44, for a
// discharge PV1-45, else EVN-6 (event occurred), EVN-2 (recorded), MSH-7.
func eventTime(m Message, trigger string, loc *time.Location) (time.Time, error) {
	type src struct {
		seg   string
		field int
		name  string
	}
	var order []src
	switch trigger {
	case "A01", "A04", "A05":
		order = append(order, src{"PV1", 44, "PV1-44 admit date/time"})
	case "A03":
		order = append(order, src{"PV1", 45, "PV1-45 discharge date/time"})
	}
	order = append(order, src{"EVN", 6, "EVN-6 event occurred"}, src{"EVN", 2, "EVN-2 recorded date/time"}, src{"MSH", 7, "MSH-7 message date/time"})
	for _, o := range order {
		s, ok := m.Seg(o.seg)
		if !ok {
			continue
		}
		v := s.Field(o.field).Comp(1).String()
		if v == "" {
			continue
		}
		t, err := ParseTime(v, loc)
		if err != nil {
			return time.Time{}, fmt.Errorf("%s: %w", o.name, err)
		}
		return t, nil
	}
	return time.Time{}, errors.New("the message gives no date or time for the event (PV1-44/45, EVN-6, EVN-2, MSH-7)")
}

func readPV1(pv1 Segment, ev *model.InboundEvent) {
	switch strings.ToUpper(pv1.Field(2).String()) {
	case "I":
		ev.Class = model.EncInpatient
	case "E":
		ev.Class = model.EncEmergency
	case "O", "R", "B":
		ev.Class = model.EncOutpatient
	}
	loc := pv1.Field(3)
	ev.Ward = loc.Comp(1).String()
	room, bed := loc.Comp(2).String(), loc.Comp(3).String()
	switch {
	case room != "" && bed != "":
		ev.Bed = room + " " + bed
	default:
		ev.Bed = room + bed
	}
	doc := pv1.Field(17)
	if doc.IsEmpty() {
		doc = pv1.Field(7) // attending
	}
	ev.AdmittedBy = strings.TrimSpace(doc.Comp(3).String() + " " + doc.Comp(2).Sub(1).String())
	ev.Disposition = Disposition(pv1.Field(36).String())
}

// Disposition maps HL7 table 0112 (discharge disposition) to Dossier's
// ways of leaving hospital; an empty or unknown code is "home".
func Disposition(code string) string {
	switch strings.TrimLeft(strings.TrimSpace(code), "0") {
	case "7":
		return "left-against-advice"
	case "20", "40", "41", "42":
		return "died"
	case "2", "3", "4", "5", "43", "50", "51", "61", "62", "63", "64", "65", "66", "70":
		return "transferred-out"
	}
	return "home"
}

// readResults reads ORU^R01's orders (OBR) and their results (OBX). An
// OBX before any OBR belongs to an order with no name.
func readResults(m Message, loc *time.Location) ([]model.LabReport, error) {
	var out []model.LabReport
	for _, s := range m.Segments {
		switch s.Name {
		case "OBR":
			r := model.LabReport{Test: text(s.Field(4)), Order: s.Field(3).Comp(1).String()}
			if v := s.Field(7).Comp(1).String(); v != "" {
				t, err := ParseTime(v, loc)
				if err != nil {
					return nil, fmt.Errorf("OBR-7 observation date/time: %w", err)
				}
				r.Collected = t
			}
			out = append(out, r)
		case "OBX":
			if len(out) == 0 {
				out = append(out, model.LabReport{})
			}
			r := &out[len(out)-1]
			res := model.LabResult{Code: s.Field(3).Comp(1).String(), Name: text(s.Field(3)), System: s.Field(3).Comp(3).String(),
				Unit: s.Field(6).Comp(1).String(), RefRange: s.Field(7).Text(), Status: s.Field(11).String(), At: r.Collected}
			var vals []string
			for _, v := range s.Field(5).Reps() {
				switch s.Field(2).String() {
				case "CE", "CWE", "CNE", "CF":
					vals = append(vals, text(v))
				case "SN": // structured numeric: comparator^num1^separator^num2
					vals = append(vals, strings.TrimSpace(v.Comp(1).String()+v.Comp(2).String()+v.Comp(3).String()+v.Comp(4).String()))
				default:
					vals = append(vals, v.Text())
				}
			}
			res.Value = strings.Join(vals, "; ")
			var flags []string
			for _, f := range s.Field(8).Reps() {
				if c := f.Comp(1).String(); c != "" {
					flags = append(flags, c)
				}
			}
			res.Flag = strings.Join(flags, " ")
			if v := s.Field(14).Comp(1).String(); v != "" {
				t, err := ParseTime(v, loc)
				if err != nil {
					return nil, fmt.Errorf("OBX-14 observation date/time: %w", err)
				}
				res.At = t
			}
			if res.Name == "" {
				return nil, fmt.Errorf("OBX %s has no observation identifier (OBX-3)", s.Field(1).String())
			}
			r.Results = append(r.Results, res)
		}
	}
	var kept []model.LabReport
	for _, r := range out {
		if len(r.Results) > 0 {
			kept = append(kept, r)
		}
	}
	if len(kept) == 0 {
		return nil, errors.New("the ORU^R01 message holds no results (OBX)")
	}
	return kept, nil
}
