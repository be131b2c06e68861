package fhir

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"dossier/model"
	"dossier/model/exchange"
)

func (r *Reader) patient(x inRes) (exchange.Incoming, error) {
	var p inPatient
	if err := json.Unmarshal(x.raw, &p); err != nil {
		return exchange.Incoming{}, fmt.Errorf("does not read: %v", err)
	}
	in := exchange.Incoming{Source: x.source()}
	pt := &in.Patient
	var name *HumanName
	for i := range p.Name {
		if p.Name[i].Use == "official" || p.Name[i].Use == "usual" || p.Name[i].Use == "" {
			if name == nil {
				name = &p.Name[i]
			}
		}
	}
	if name == nil && len(p.Name) > 0 {
		name = &p.Name[0]
	}
	if name != nil {
		pt.FamilyName = strings.TrimSpace(name.Family)
		pt.GivenName = strings.TrimSpace(strings.Join(name.Given, " "))
		if pt.FamilyName == "" && pt.GivenName == "" {
			pt.GivenName = strings.TrimSpace(name.Text)
		}
	}
	for i := range p.Name {
		if &p.Name[i] == name {
			continue
		}
		if t := nameText(p.Name[i]); t != "" {
			pt.OtherNames = append(pt.OtherNames, t)
		}
	}
	if strings.TrimSpace(pt.GivenName+pt.FamilyName) == "" {
		return in, errors.New("the patient has no name")
	}
	switch p.Gender {
	case "female":
		pt.Sex = model.SexFemale
	case "male":
		pt.Sex = model.SexMale
	case "other":
		pt.Sex = model.SexOther
	default:
		pt.Sex = model.SexUnknown
	}
	if p.BirthDate != "" {
		d, partial, err := readDate(p.BirthDate)
		if err != nil {
			return in, fmt.Errorf("birth date %q: %v", p.BirthDate, err)
		}
		pt.BirthDate, pt.BirthEstimated = d, partial
	}
	for _, e := range p.Extension {
		if e.URL == ExtBirthEst && e.ValueBoolean != nil && *e.ValueBoolean {
			pt.BirthEstimated = true
		}
	}
	mrnSys := MRNSystem(r.Prefix)
	for _, id := range p.Identifier {
		v := strings.TrimSpace(id.Value)
		if v == "" {
			continue
		}
		switch {
		case id.System == mrnSys && r.Prefix != "" && id.Use != "old" && pt.MRN == "":
			pt.MRN = v
		case id.System == mrnSys && r.Prefix != "":
			pt.FormerMRNs = append(pt.FormerMRNs, v)
		case id.System == NationalIDSystem && pt.NationalID == "":
			pt.NationalID = v
		case strings.HasPrefix(id.System, "urn:dossier:") && strings.HasSuffix(id.System, ":chart"):
			pt.LegacyCharts = append(pt.LegacyCharts, v)
		case id.System != "":
			pt.LegacyCharts = append(pt.LegacyCharts, id.System+"|"+v)
		default:
			pt.LegacyCharts = append(pt.LegacyCharts, v)
		}
	}
	pt.LegacyCharts = append(pt.LegacyCharts, SourceSystem+"|"+in.Source)
	for _, t := range p.Telecom {
		if t.System == "phone" && model.ValidPhone(t.Value) {
			pt.Phone = strings.TrimSpace(t.Value)
			break
		}
	}
	if len(p.Address) > 0 {
		a := p.Address[0]
		for _, s := range append([]string{a.State, a.District, a.City}, a.Line...) {
			if s = strings.TrimSpace(s); s != "" {
				pt.Address = append(pt.Address, s)
			}
		}
		if len(pt.Address) == 0 && a.Text != "" {
			pt.Address = []string{a.Text}
		}
	}
	if len(p.Contact) > 0 && p.Contact[0].Name != nil {
		pt.NextOfKin = nameText(*p.Contact[0].Name)
	}
	if p.Meta != nil {
		for _, s := range p.Meta.Security {
			if s.System == sysConfid && (s.Code == "R" || s.Code == "V") {
				pt.Restricted = true
			}
		}
	}
	if errs := pt.Validate(time.Now()); len(errs) > 0 {
		keys := make([]string, 0, len(errs))
		for k := range errs {
			keys = append(keys, errs[k])
		}
		sort.Strings(keys)
		return in, errors.New(strings.Join(keys, " "))
	}
	return in, nil
}

func nameText(n HumanName) string {
	if n.Text != "" {
		return strings.TrimSpace(n.Text)
	}
	return strings.TrimSpace(strings.Join(append(append([]string{}, n.Given...), n.Family), " "))
}
