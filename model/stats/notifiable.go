package stats

import "dossier/model"

// WeekCount is the cases of one notifiable disease in one ISO week.
type WeekCount struct {
	Disease model.Notifiable
	Week    Period
	Cases   int
	Alert   bool // the week reached the disease's threshold
}

// Weekly counts the cases of each notifiable disease in each week, by the
// encounter's first day; weeks in the order given, diseases in list order.
func Weekly(encs []Encounter, list []model.Notifiable, weeks []Period) [][]WeekCount {
	typed := list
	list = compactNotifiable(list)
	out := make([][]WeekCount, len(list))
	for i := range list {
		out[i] = make([]WeekCount, len(weeks))
		for j, w := range weeks {
			out[i][j] = WeekCount{Disease: typed[i], Week: w}
		}
	}
	seen := map[model.ID]bool{}
	for _, e := range encs {
		if seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		for j, w := range weeks {
			d := civil(e.Start.In(w.From.Location()))
			if d < civil(w.From) || d > civil(w.To) {
				continue
			}
			for i, n := range list {
				if _, ok := NotifiableMatch(n.Codes, e.Codes); ok {
					out[i][j].Cases++
				}
			}
		}
	}
	for i := range out {
		for j := range out[i] {
			out[i][j].Alert = out[i][j].Cases >= max(out[i][j].Disease.Threshold, 1)
		}
	}
	return out
}

// NotifiableCodes is every code (or prefix) of the list, compacted: an
// encounter with a diagnosis under one of them is a possible case.
func NotifiableCodes(list []model.Notifiable) []string {
	var out []string
	for _, n := range compactNotifiable(list) {
		out = append(out, n.Codes...)
	}
	return out
}

// IsNotifiable reports an encounter with a diagnosis under one of the
// compacted codes.
func IsNotifiable(codes []string, e Encounter) bool {
	_, ok := NotifiableMatch(codes, e.Codes)
	return ok
}
