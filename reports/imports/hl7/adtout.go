package hl7

import (
	"strings"
	"time"

	"dossier/model"
)

// ADT writes the HL7 v2.5.1 ADT message Dossier sends for an event made in
// Dossier: A01 admission, A02 transfer, A03 discharge (PV1 from the stay)
// or A08 a change of the patient's details (no stay). The patient's MRN is
// PID-3 with the clinic's prefix as assigning authority; the national ID
// is a second identifier (type NI).
func ADT(trigger, controlID string, c model.Clinic, p model.Patient, e model.Encounter, now time.Time) string {
	d := Standard
	esc := func(s string) string { return Escape(strings.TrimSpace(s), d) }
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return FormatTime(t)
	}
	fields := func(name string, n int, set map[int]string) string {
		f := make([]string, n+1)
		f[0] = name
		for i, v := range set {
			f[i] = v
		}
		return strings.Join(f, "|")
	}
	var segs []string
	segs = append(segs, "MSH|^~\\&|DOSSIER|"+esc(c.Name)+"|||"+FormatTime(now)+"||ADT^"+trigger+"^ADT_"+adtStructure(trigger)+"|"+esc(controlID)+"|P|2.5.1")
	at := now
	switch trigger {
	case "A01":
		at = e.Start
	case "A02":
		if n := len(e.Transfers); n > 0 {
			at = e.Transfers[n-1].At
		}
	case "A03":
		at = e.End
	}
	segs = append(segs, fields("EVN", 6, map[int]string{1: trigger, 2: FormatTime(now), 6: ts(at)}))
	ids := esc(p.MRN) + "^^^" + esc(c.MRNPrefix) + "^MR"
	if p.NationalID != "" {
		ids += "~" + esc(p.NationalID) + "^^^^NI"
	}
	name := esc(p.FamilyName) + "^" + esc(p.GivenName)
	birth := ""
	if !p.BirthDate.IsZero() {
		birth = p.BirthDate.Time().Format("20060102")
	}
	var addr string
	if n := len(p.Address); n > 0 {
		// region › district › village back to street^^city^state
		street, city, state := p.Address[n-1], "", ""
		if n >= 2 {
			city = p.Address[n-2]
		}
		if n >= 3 {
			state = p.Address[0]
		}
		addr = esc(street) + "^^" + esc(city) + "^" + esc(state)
	}
	segs = append(segs, fields("PID", 13, map[int]string{1: "1", 3: ids, 5: name, 7: birth, 8: string(p.Sex), 11: addr, 13: esc(p.Phone)}))
	if trigger != "A08" {
		ward, bed := e.Ward, e.Bed
		prior := ""
		if n := len(e.Transfers); n > 0 {
			ward, bed = e.Transfers[n-1].ToWard, e.Transfers[n-1].Bed
			prior = esc(e.Transfers[n-1].FromWard)
		}
		class := "I"
		switch e.Type {
		case model.EncOutpatient:
			class = "O"
		case model.EncEmergency:
			class = "E"
		}
		pv1 := map[int]string{1: "1", 2: class, 3: esc(ward) + "^^" + esc(bed), 44: ts(e.Start), 45: ts(e.End)}
		if trigger == "A02" {
			pv1[6] = prior
		}
		if e.AdmittedBy != "" {
			pv1[17] = "^" + esc(e.AdmittedBy)
		}
		if e.Disposition != "" {
			pv1[36] = dispositionCode(e.Disposition)
		}
		segs = append(segs, fields("PV1", 45, pv1))
	}
	return strings.Join(segs, "\r") + "\r"
}

func adtStructure(trigger string) string {
	if trigger == "A08" {
		return "A01"
	}
	if trigger == "A02" || trigger == "A03" {
		return trigger
	}
	return "A01"
}

// dispositionCode is HL7 table 0112 for Dossier's ways of leaving.
func dispositionCode(d string) string {
	switch d {
	case "died":
		return "20"
	case "left-against-advice":
		return "07"
	case "transferred-out", "referred":
		return "02"
	}
	return "01"
}
