package dhis2

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"

	"dossier/model"
	md "dossier/model/dhis2"
)

// maxConflicts keeps a summary short enough to store and show: a server
// refusing a whole form says so for every value.
const maxConflicts = 200

// The JSON answer: DHIS2 2.36 and later wrap the import summary in a web
// message's "response"; earlier versions send the summary itself.
type jsonSummary struct {
	Status      string `json:"status"`
	Description string `json:"description"`
	Message     string `json:"message"`
	ImportCount *struct {
		Imported, Updated, Ignored, Deleted int
	} `json:"importCount"`
	Conflicts []struct {
		Object string `json:"object"`
		Value  string `json:"value"`
	} `json:"conflicts"`
	Response *jsonSummary `json:"response"`
}

// The XML answer, old (<importSummary>) or new (<webMessage><response>).
type xmlSummary struct {
	XMLName     xml.Name
	Status      string        `xml:"status"`
	Description string        `xml:"description"`
	Message     string        `xml:"message"`
	Count       *xmlCount     `xml:"importCount"`
	OldCount    *xmlCount     `xml:"dataValueCount"`
	Conflicts   []xmlConflict `xml:"conflicts>conflict"`
	Response    *xmlSummary   `xml:"response"`
}

type xmlCount struct {
	Imported int `xml:"imported,attr"`
	Updated  int `xml:"updated,attr"`
	Ignored  int `xml:"ignored,attr"`
	Deleted  int `xml:"deleted,attr"`
}

type xmlConflict struct {
	Object string `xml:"object,attr"`
	Value  string `xml:"value,attr"`
}

// ParseImportSummary reads the server's answer to a dataValueSet import,
// JSON or XML. An answer that is neither is a model.Damaged error quoting
// its start, so the clerk can tell a login page from a summary.
func ParseImportSummary(body []byte) (md.ImportSummary, error) {
	t := bytes.TrimSpace(body)
	var s md.ImportSummary
	switch {
	case len(t) > 0 && t[0] == '{':
		var j jsonSummary
		if err := json.Unmarshal(t, &j); err != nil {
			return s, notSummary(t)
		}
		if j.Response != nil && (j.Response.ImportCount != nil || j.Response.Status != "") {
			outer := j.Message
			j = *j.Response
			if j.Description == "" {
				j.Description = outer
			}
		}
		if j.ImportCount == nil {
			return s, notSummary(t)
		}
		s = md.ImportSummary{Status: j.Status, Description: firstOf(j.Description, j.Message),
			Imported: j.ImportCount.Imported, Updated: j.ImportCount.Updated,
			Ignored: j.ImportCount.Ignored, Deleted: j.ImportCount.Deleted}
		for _, c := range j.Conflicts {
			s.Conflicts = append(s.Conflicts, md.Conflict{Object: c.Object, Value: c.Value})
		}
	case len(t) > 0 && t[0] == '<':
		var x xmlSummary
		if err := xml.Unmarshal(t, &x); err != nil {
			return s, notSummary(t)
		}
		if x.Response != nil {
			x = *x.Response
		}
		c := x.Count
		if c == nil {
			c = x.OldCount
		}
		if c == nil {
			return s, notSummary(t)
		}
		s = md.ImportSummary{Status: x.Status, Description: firstOf(x.Description, x.Message),
			Imported: c.Imported, Updated: c.Updated, Ignored: c.Ignored, Deleted: c.Deleted}
		for _, k := range x.Conflicts {
			s.Conflicts = append(s.Conflicts, md.Conflict{Object: k.Object, Value: k.Value})
		}
	default:
		return s, notSummary(t)
	}
	s.Status = strings.ToUpper(strings.TrimSpace(s.Status))
	if s.Status == "" {
		s.Status = md.StatusSuccess
		if len(s.Conflicts) > 0 {
			s.Status = md.StatusWarning
		}
	}
	if s.Status != md.StatusSuccess && s.Status != md.StatusWarning && s.Status != md.StatusError && s.Status != "OK" {
		s.Status = md.StatusError
	}
	if s.Status == "OK" {
		s.Status = md.StatusSuccess
	}
	if s.Imported < 0 || s.Updated < 0 || s.Ignored < 0 || s.Deleted < 0 {
		return md.ImportSummary{}, model.Errorf(model.Damaged, "the server's import summary has negative counts")
	}
	if len(s.Conflicts) > maxConflicts {
		s.Conflicts = s.Conflicts[:maxConflicts]
	}
	s.Description = clip(s.Description, 500)
	for i := range s.Conflicts {
		s.Conflicts[i].Object, s.Conflicts[i].Value = clip(s.Conflicts[i].Object, 200), clip(s.Conflicts[i].Value, 500)
	}
	return s, nil
}

func firstOf(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func notSummary(t []byte) error {
	return model.Errorf(model.Damaged, "the server did not answer with an import summary; it said: %s", clip(string(t), 120))
}
