package statistics

import (
	"sort"
	"strconv"
	"strings"

	"dossier/assets/codes"
	"dossier/model/stats"
)

// GroupID names one of the grouped tables the Statistics section shows:
// the figures laid out the way a records officer reads them (wards across,
// figures down; age groups down, sex across), instead of one long list.
type GroupID int

const (
	GroupInpatients  GroupID = iota // inpatient figures, the facility and each ward across
	GroupOutcomes                   // discharges by how the patient left, per ward
	GroupNewborns                   // the newborns counted apart, per ward
	GroupMaternity                  // deliveries by mode, births, caesarean rate, maternal deaths
	GroupOutpatients                // new and repeat attendances by age group and sex
	GroupDiagnoses                  // diagnoses by category, commonest first, by sex and age group
	GroupDeaths                     // deaths by underlying cause, by sex and age group
	GroupNotifiable                 // notifiable disease cases
)

// Cell is one number of a grouped table with the figure it shows, so
// choosing it lists what it counts. A cell without a figure is blank.
type Cell struct {
	Key   stats.Key
	Value string
	Has   bool
}

// GroupRow is one line: what it counts and a cell per column.
type GroupRow struct {
	Label string
	Cells []Cell
}

// Group is one grouped table. Groups with nothing to show are left out.
type Group struct {
	ID      GroupID
	Columns []string // after the row label's column
	Rows    []GroupRow
}

// Groups lays the figures out as grouped tables, in GroupID order. It may
// load the code set for the diagnoses' titles: call it off the UI goroutine.
func Groups(f stats.Figures) []Group {
	wards := wardsOf(f)
	ages := agesOf(f)
	var out []Group
	add := func(g Group) {
		for _, r := range g.Rows {
			for _, c := range r.Cells {
				if c.Has {
					out = append(out, g)
					return
				}
			}
		}
	}
	wardCols := append([]string{"Facility"}, wards...)
	byWard := func(k stats.Key) []Cell {
		cells := make([]Cell, 0, len(wardCols))
		for i := range wardCols {
			k.Ward = ""
			if i > 0 {
				k.Ward = wardCols[i]
			}
			cells = append(cells, cellOf(f, k))
		}
		return cells
	}

	inpatients := Group{ID: GroupInpatients, Columns: wardCols}
	newborns := Group{ID: GroupNewborns, Columns: wardCols}
	for _, fig := range figureOrder {
		if !strings.HasPrefix(fig, "ip.") {
			continue
		}
		inpatients.Rows = append(inpatients.Rows, GroupRow{Label: Label(fig), Cells: byWard(stats.Key{Figure: fig})})
		newborns.Rows = append(newborns.Rows, GroupRow{Label: Label(fig), Cells: byWard(stats.Key{Figure: fig, Age: "newborn"})})
	}
	add(inpatients)
	// Bassinets are always counted; the newborns' table is offered only
	// when a newborn was in.
	if f[stats.Key{Figure: stats.FigAdmissions, Age: "newborn"}] == 0 && f[stats.Key{Figure: stats.FigServiceDays, Age: "newborn"}] == 0 {
		newborns.Rows = nil
	}

	outcomes := Group{ID: GroupOutcomes, Columns: wardCols}
	for _, o := range extrasOf(f, stats.FigDischarges, false) {
		outcomes.Rows = append(outcomes.Rows, GroupRow{Label: o, Cells: byWard(stats.Key{Figure: stats.FigDischarges, Extra: o})})
	}
	add(outcomes)
	add(newborns)

	maternity := Group{ID: GroupMaternity, Columns: []string{"Facility"}}
	one := func(label string, k stats.Key) {
		maternity.Rows = append(maternity.Rows, GroupRow{Label: label, Cells: []Cell{cellOf(f, k)}})
	}
	one(Label(stats.FigDeliveries), stats.Key{Figure: stats.FigDeliveries})
	for _, mode := range []string{"normal", "assisted", "caesarean"} {
		one(Label(stats.FigDeliveries)+", "+mode, stats.Key{Figure: stats.FigDeliveries, Extra: mode})
	}
	for _, fig := range []string{stats.FigLiveBirths, stats.FigStillbirths, stats.FigCaesareanRate, stats.FigMaternalDeaths} {
		one(Label(fig), stats.Key{Figure: fig})
	}
	add(maternity)

	opd := Group{ID: GroupOutpatients, Columns: []string{"New F", "New M", "New", "Repeat F", "Repeat M", "Repeat", "Attendances"}}
	for _, age := range append(ages, "") {
		label := age
		if age == "" {
			label = "All ages"
		}
		var cells []Cell
		for _, fig := range []string{stats.FigOPDNew, stats.FigOPDRepeat} {
			for _, sex := range []string{"F", "M", ""} {
				cells = append(cells, cellOf(f, stats.Key{Figure: fig, Sex: sex, Age: age}))
			}
		}
		cells = append(cells, cellOf(f, stats.Key{Figure: stats.FigAttendances, Age: age}))
		opd.Rows = append(opd.Rows, GroupRow{Label: label, Cells: cells})
	}
	add(opd)

	bySexAge := append([]string{"Total", "F", "M"}, ages...)
	causes := func(id GroupID, fig string) Group {
		g := Group{ID: id, Columns: bySexAge}
		for _, x := range extrasOf(f, fig, true) {
			cells := []Cell{cellOf(f, stats.Key{Figure: fig, Extra: x}),
				cellOf(f, stats.Key{Figure: fig, Extra: x, Sex: "F"}), cellOf(f, stats.Key{Figure: fig, Extra: x, Sex: "M"})}
			for _, age := range ages {
				cells = append(cells, cellOf(f, stats.Key{Figure: fig, Extra: x, Age: age}))
			}
			g.Rows = append(g.Rows, GroupRow{Label: diagnosisName(x), Cells: cells})
		}
		return g
	}
	add(causes(GroupDiagnoses, stats.FigDiagnoses))
	add(causes(GroupDeaths, stats.FigDeathsByCause))

	notif := Group{ID: GroupNotifiable, Columns: []string{"Cases"}}
	for _, x := range extrasOf(f, stats.FigNotifiableCases, true) {
		notif.Rows = append(notif.Rows, GroupRow{Label: x, Cells: []Cell{cellOf(f, stats.Key{Figure: stats.FigNotifiableCases, Extra: x})}})
	}
	add(notif)
	return out
}

func cellOf(f stats.Figures, k stats.Key) Cell {
	v, ok := f[k]
	if !ok {
		return Cell{Key: k}
	}
	return Cell{Key: k, Value: Value(v), Has: true}
}

// diagnosisName is an ICD-10 category with its title from the shipped
// code set ("B50 Plasmodium falciparum malaria"); a block, a chapter or a
// code the set lacks as it is.
func diagnosisName(code string) string {
	if code == "unknown" { // the engine's word for a death not coded yet
		return "Not coded yet"
	}
	set, err := codes.CM()
	if err != nil {
		return code
	}
	if c, ok := set.Lookup(code); ok && c.Title != "" {
		return code + " " + c.Title
	}
	return code
}

// wardsOf lists the wards the figures name, by ID.
func wardsOf(f stats.Figures) []string {
	seen := map[string]bool{}
	for k := range f {
		if k.Ward != "" {
			seen[k.Ward] = true
		}
	}
	return sortedSet(seen, func(a, b string) bool { return a < b })
}

// agesOf lists the age groups the outpatient figures use, youngest first.
func agesOf(f stats.Figures) []string {
	seen := map[string]bool{}
	for k := range f {
		if k.Age != "" && k.Age != "newborn" && (k.Figure == stats.FigOPDNew || k.Figure == stats.FigOPDRepeat ||
			k.Figure == stats.FigAttendances || k.Figure == stats.FigDiagnoses) {
			seen[k.Age] = true
		}
	}
	return sortedSet(seen, func(a, b string) bool {
		if la, lb := ageStart(a), ageStart(b); la != lb {
			return la < lb
		}
		return a < b
	})
}

// ageStart is the first age an age group's label names: "<1" 0, "1-4" 1,
// "50+" 50.
func ageStart(label string) int {
	if strings.HasPrefix(label, "<") {
		return -1
	}
	end := strings.IndexFunc(label, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(label)
	}
	n, err := strconv.Atoi(label[:end])
	if err != nil {
		return 1 << 30
	}
	return n
}

// extrasOf lists a figure's breakdowns facility-wide (all sexes and ages);
// by count, highest first, when byCount, else by name.
func extrasOf(f stats.Figures, fig string, byCount bool) []string {
	seen := map[string]bool{}
	for k := range f {
		if k.Figure == fig && k.Extra != "" && k.Ward == "" && k.Sex == "" && k.Age == "" {
			seen[k.Extra] = true
		}
	}
	return sortedSet(seen, func(a, b string) bool {
		if byCount {
			va, vb := f[stats.Key{Figure: fig, Extra: a}], f[stats.Key{Figure: fig, Extra: b}]
			if va != vb {
				return va > vb
			}
		}
		return a < b
	})
}

func sortedSet(set map[string]bool, less func(a, b string) bool) []string {
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}
