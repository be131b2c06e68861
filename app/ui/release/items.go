package release

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2/lang"
)

// releaseItem is one record that can go in a packet.
type releaseItem struct {
	kind      model.Kind // document, encounter or note
	id        model.ID
	label     string
	sensitive []model.Sensitive
}

// releaseItems lists what the patient has, newest first, with the
// sensitive categories each carries.
func releaseItems(h *kit.Host, m storage.Material) []releaseItem {
	encs := map[model.ID]model.Encounter{}
	for _, e := range m.Encounters {
		encs[e.ID] = e
	}
	sensText := func(ss []model.Sensitive) string {
		if len(ss) == 0 {
			return ""
		}
		var names []string
		for _, s := range ss {
			names = append(names, kit.Word(s.Label()))
		}
		return "  ⚠ " + strings.Join(names, ", ")
	}
	var out []releaseItem
	for _, d := range m.Documents {
		ss := slices.Clone(d.Doc.Sensitive)
		if e, ok := encs[d.Doc.EncounterID]; ok {
			ss = append(ss, model.SensitiveOfEncounter(e)...)
		}
		out = append(out, releaseItem{model.KindDocument, d.Doc.ID, fmt.Sprintf(lang.X("release.item_scanned", "Scanned: %s"), h.DocLine(d)) + sensText(ss), ss})
	}
	for _, e := range m.Encounters {
		ss := model.SensitiveOfEncounter(e)
		out = append(out, releaseItem{model.KindEncounter, e.ID, fmt.Sprintf(lang.X("release.item_typed", "Typed: %s %s"), kit.DocTypeName(storage.EncounterDocType(e)), h.EncounterLabel(e)) + sensText(ss), ss})
	}
	for _, n := range m.Notes {
		var ss []model.Sensitive
		if e, ok := encs[n.EncounterID]; ok {
			ss = model.SensitiveOfEncounter(e)
		}
		out = append(out, releaseItem{model.KindNote, n.ID, fmt.Sprintf(lang.X("release.item_typed_note", "Typed: note %s %s"), h.Day(n.Written), n.Title) + sensText(ss), ss})
	}
	return out
}

// asked reports whether an item falls within what the request asked for,
// the default selection.
func asked(r model.Request, it releaseItem, m storage.Material) bool {
	var t model.DocType
	var d model.Date
	switch it.kind {
	case model.KindDocument:
		for _, x := range m.Documents {
			if x.Doc.ID == it.id {
				t, d = x.Doc.Type, x.Doc.Date
			}
		}
	case model.KindEncounter:
		for _, e := range m.Encounters {
			if e.ID == it.id {
				t, d = storage.EncounterDocType(e), model.DateOf(e.Start)
			}
		}
	case model.KindNote:
		for _, n := range m.Notes {
			if n.ID == it.id {
				t, d = model.DocCaseNote, model.DateOf(n.Written)
			}
		}
	}
	if len(r.DocTypes) > 0 && !slices.Contains(r.DocTypes, t) {
		return false
	}
	if !r.From.IsZero() && d.Time().Before(r.From.Time()) {
		return false
	}
	return r.To.IsZero() || !d.Time().After(r.To.Time())
}

// The request screen's lines of text.

func ageText(r model.Request) string {
	if r.Status.Closed() {
		return lang.X("release.closed", "closed")
	}
	if r.Overdue(time.Now()) {
		return fmt.Sprintf(lang.X("release.days_open_overdue", "%s open, OVERDUE"), kit.CountOf(r.AgeDays(time.Now()), "day"))
	}
	return fmt.Sprintf(lang.X("release.days_open", "%s open"), kit.CountOf(r.AgeDays(time.Now()), "day"))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func askedText(h *kit.Host, r model.Request) string {
	var parts []string
	if !r.From.IsZero() || !r.To.IsZero() {
		parts = append(parts, fmt.Sprintf(lang.X("release.records_from_to", "records %s to %s"), orDash(h.Date(r.From)), orDash(h.Date(r.To))))
	}
	for _, t := range r.DocTypes {
		parts = append(parts, strings.ToLower(kit.DocTypeName(t)))
	}
	if len(parts) == 0 {
		return "\n" + lang.X("release.asked_for_whole_record", "Asked for: the whole record")
	}
	return "\n" + fmt.Sprintf(lang.X("release.asked_for", "Asked for: %s"), strings.Join(parts, ", "))
}

func authLabel(h *kit.Host, a model.Authorization, today time.Time) string {
	state := lang.X("release.auth_valid", "valid")
	switch {
	case !a.Revoked.IsZero():
		state = fmt.Sprintf(lang.X("release.auth_revoked", "REVOKED %s"), h.Date(a.Revoked))
	case a.Expires.Time().Before(model.DateOf(today).Time()):
		state = fmt.Sprintf(lang.X("release.auth_expired", "EXPIRED %s"), h.Date(a.Expires))
	}
	return fmt.Sprintf(lang.X("release.auth_label", "Signed %s by %s (%s) for %s, until %s — %s"), h.Date(a.Signed), a.Signer, a.Relationship, a.Recipient, h.Date(a.Expires), state)
}
