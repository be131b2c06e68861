package statistics

import (
	"strconv"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The wards and beds editor (administrators; storage refuses anyone else):
// wards with their type, bed changes from a date, temporary closures, and
// the free-text ward names of older stays mapped to wards once.

type wardsEditor struct {
	r      *room
	set    model.StatSettings
	sel    int
	table  *widget.Table
	status *widget.Label
	dlg    dialog.Dialog
}

func wardColumns() []kit.Column {
	return []kit.Column{{Title: lang.X("statistics.wards.code", "Code"), Width: 60, Min: 50}, {Title: lang.X("col.name", "Name"), Width: 150, Min: 100},
		{Title: lang.X("statistics.col.type", "Type"), Width: 90, Min: 70}, {Title: lang.X("statistics.wards.beds_today", "Beds today"), Width: 80, Min: 60},
		{Title: lang.X("statistics.wards.bassinets", "Bassinets"), Width: 70, Min: 60}, {Title: lang.X("statistics.wards.changes", "Changes and closures"), Width: 330, Min: 160}}
}

func (r *room) editWards() {
	kit.Run(r.h, func(sess *storage.Session) (model.StatSettings, error) {
		return sess.Statistics().Settings()
	}, func(s model.StatSettings, err error) {
		if err != nil {
			r.h.ShowError(err)
			return
		}
		e := &wardsEditor{r: r, set: s, sel: -1, status: kit.WrapLabel("")}
		e.show()
	})
}

func (e *wardsEditor) cell(row, col int) string {
	w := e.set.Wards[row]
	today := model.DateOf(time.Now())
	beds, cots := w.BedsOn(today)
	switch col {
	case 0:
		return w.ID
	case 1:
		return w.Name
	case 2:
		return wardTypeName(w.Type)
	case 3:
		return strconv.Itoa(beds)
	case 4:
		return strconv.Itoa(cots)
	case 5:
		var parts []string
		for _, c := range w.Beds {
			parts = append(parts, lang.XN("statistics.wards.from_beds", "from {{.From}} {{.Count}} beds", c.Beds, map[string]any{"From": c.From.String(), "Count": c.Beds}))
		}
		for _, c := range w.Closures {
			n := c.Beds + c.Bassinets
			parts = append(parts, lang.XN("statistics.wards.closed", "{{.Count}} closed {{.From}}–{{.To}}", n, map[string]any{"Count": n, "From": c.From.String(), "To": c.To.String()}))
		}
		return strings.Join(parts, "; ")
	}
	return ""
}

func (e *wardsEditor) show() {
	h := e.r.h
	var view fyne.CanvasObject
	e.table, view = kit.NewColumnTable(wardColumns(), func() int { return len(e.set.Wards) }, e.cell)
	e.table.OnSelected = func(id widget.TableCellID) { e.sel = id.Row }
	add := widget.NewButtonWithIcon(lang.X("statistics.wards.add", "Add ward…"), theme.ContentAddIcon(), h.Act(e.addWard))
	beds := widget.NewButtonWithIcon(lang.X("statistics.wards.change_beds", "Change beds…"), theme.DocumentCreateIcon(), h.Act(e.changeBeds))
	closeBeds := widget.NewButtonWithIcon(lang.X("statistics.wards.close_beds", "Close beds…"), theme.CancelIcon(), h.Act(e.closeBeds))
	names := widget.NewButtonWithIcon(lang.X("statistics.wards.map_names", "Map ward names…"), theme.ListIcon(), h.Act(e.mapNames))
	e.status.SetText(lang.XN("statistics.wards.count", "{{.Count}} wards. Choose a ward, then change its beds or close some for a time.", len(e.set.Wards),
		map[string]any{"Count": len(e.set.Wards)}))
	body := container.NewBorder(container.NewVBox(kit.Tools(add, beds, closeBeds, names)), e.status, nil, nil, view)
	e.dlg = dialog.NewCustom(lang.X("statistics.wards.title", "Wards and beds"), lang.X("statistics.wards.close", "Close"), body, h.Win)
	e.dlg.Resize(h.Fit(980, 520))
	e.dlg.Show()
}

// save stores the settings with a reason and refreshes the table.
func (e *wardsEditor) save(next model.StatSettings, reason string, done func(string)) {
	kit.Run(e.r.h, func(sess *storage.Session) (struct{}, error) {
		return struct{}{}, sess.Statistics().SaveSettings(next, reason)
	}, func(_ struct{}, err error) {
		if err != nil {
			done(kit.Plain(err))
			return
		}
		done("")
		e.set = next
		e.table.Refresh()
		e.status.SetText(lang.X("statistics.wards.saved", "Saved: {{.Reason}}.", map[string]any{"Reason": reason}))
		e.r.loadWards()
		e.r.compute()
	})
}

func clone(s model.StatSettings) model.StatSettings {
	out := s
	out.Wards = make([]model.Ward, len(s.Wards))
	for i, w := range s.Wards {
		w.Beds = append([]model.BedChange(nil), w.Beds...)
		w.Closures = append([]model.Closure(nil), w.Closures...)
		out.Wards[i] = w
	}
	out.WardNames = map[string]string{}
	for k, v := range s.WardNames {
		out.WardNames[k] = v
	}
	return out
}

func parseDay(s string) (model.Date, bool) {
	d, err := model.ParseISODate(strings.TrimSpace(s))
	return d, err == nil
}

func parseCount(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

func (e *wardsEditor) addWard() {
	code, name, beds, cots, from := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	code.SetPlaceHolder(lang.X("statistics.wards.code_hint", "short code, e.g. MED"))
	from.SetText(model.DateOf(time.Now()).String())
	var types []string
	for _, t := range model.WardTypes {
		types = append(types, wardTypeName(t))
	}
	kind := widget.NewSelect(types, nil)
	kind.SetSelected(wardTypeName(model.WardMedical))
	items := []*widget.FormItem{widget.NewFormItem(lang.X("statistics.wards.code", "Code"), code), widget.NewFormItem(lang.X("col.name", "Name"), name),
		widget.NewFormItem(lang.X("statistics.col.type", "Type"), kind), widget.NewFormItem(lang.X("statistics.wards.beds", "Beds"), beds),
		widget.NewFormItem(lang.X("statistics.wards.bassinets", "Bassinets"), cots), widget.NewFormItem(lang.X("statistics.wards.from_day", "From (YYYY-MM-DD)"), from)}
	e.r.h.FormDialog(lang.X("statistics.wards.add_title", "Add a ward"), items, code, func(done func(string)) {
		b, ok1 := parseCount(beds.Text)
		c, ok2 := parseCount(cots.Text)
		d, ok3 := parseDay(from.Text)
		if !ok1 || !ok2 || !ok3 {
			done(lang.X("statistics.wards.type_numbers", "Type the beds and bassinets as numbers and the day as YYYY-MM-DD."))
			return
		}
		t := model.WardOther
		for _, x := range model.WardTypes {
			if wardTypeName(x) == kind.Selected {
				t = x
			}
		}
		next := clone(e.set)
		next.Wards = append(next.Wards, model.Ward{ID: strings.TrimSpace(code.Text), Name: strings.TrimSpace(name.Text),
			Type: t, Beds: []model.BedChange{{From: d, Beds: b, Bassinets: c}}})
		e.save(next, lang.X("statistics.wards.added", "ward {{.Code}} added", map[string]any{"Code": strings.TrimSpace(code.Text)}), done)
	})
}

func (e *wardsEditor) selected() (int, bool) {
	if e.sel < 0 || e.sel >= len(e.set.Wards) {
		e.status.SetText(lang.X("statistics.wards.choose_first", "Choose a ward first."))
		return 0, false
	}
	return e.sel, true
}

func (e *wardsEditor) changeBeds() {
	i, ok := e.selected()
	if !ok {
		return
	}
	w := e.set.Wards[i]
	cur, curCots := w.BedsOn(model.DateOf(time.Now()))
	beds, cots, from := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	beds.SetText(strconv.Itoa(cur))
	cots.SetText(strconv.Itoa(curCots))
	from.SetText(model.DateOf(time.Now()).String())
	items := []*widget.FormItem{widget.NewFormItem(lang.X("statistics.wards.beds", "Beds"), beds), widget.NewFormItem(lang.X("statistics.wards.bassinets", "Bassinets"), cots),
		widget.NewFormItem(lang.X("statistics.wards.from_day", "From (YYYY-MM-DD)"), from)}
	e.r.h.FormDialog(lang.X("statistics.wards.bed_complement_of", "Bed complement of {{.Ward}}", map[string]any{"Ward": w.Name}), items, beds, func(done func(string)) {
		b, ok1 := parseCount(beds.Text)
		c, ok2 := parseCount(cots.Text)
		d, ok3 := parseDay(from.Text)
		if !ok1 || !ok2 || !ok3 {
			done(lang.X("statistics.wards.type_numbers", "Type the beds and bassinets as numbers and the day as YYYY-MM-DD."))
			return
		}
		next := clone(e.set)
		ch := next.Wards[i].Beds
		at := len(ch)
		for j, x := range ch {
			if x.From == d {
				ch = append(ch[:j], ch[j+1:]...)
				at = j
				break
			}
			if x.From.Time().After(d.Time()) {
				at = j
				break
			}
		}
		at = min(at, len(ch))
		ch = append(ch[:at], append([]model.BedChange{{From: d, Beds: b, Bassinets: c}}, ch[at:]...)...)
		next.Wards[i].Beds = ch
		e.save(next, lang.X("statistics.wards.beds_changed", "ward {{.Ward}}: {{.Beds}} beds, {{.Bassinets}} bassinets from {{.From}}",
			map[string]any{"Ward": w.ID, "Beds": b, "Bassinets": c, "From": d.String()}), done)
	})
}

func (e *wardsEditor) closeBeds() {
	i, ok := e.selected()
	if !ok {
		return
	}
	w := e.set.Wards[i]
	from, to, beds, cots, why := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	from.SetText(model.DateOf(time.Now()).String())
	items := []*widget.FormItem{widget.NewFormItem(lang.X("statistics.wards.first_day", "First day"), from), widget.NewFormItem(lang.X("statistics.wards.last_day", "Last day"), to),
		widget.NewFormItem(lang.X("statistics.wards.beds_closed", "Beds closed"), beds), widget.NewFormItem(lang.X("statistics.wards.bassinets_closed", "Bassinets closed"), cots),
		widget.NewFormItem(lang.X("statistics.wards.why", "Why"), why)}
	e.r.h.FormDialog(lang.X("statistics.wards.close_beds_on", "Close beds on {{.Ward}}", map[string]any{"Ward": w.Name}), items, to, func(done func(string)) {
		f, ok1 := parseDay(from.Text)
		l, ok2 := parseDay(to.Text)
		b, ok3 := parseCount(beds.Text)
		c, ok4 := parseCount(cots.Text)
		if !ok1 || !ok2 || !ok3 || !ok4 || b+c == 0 {
			done(lang.X("statistics.wards.type_closure", "Type the days as YYYY-MM-DD and how many beds or bassinets are closed."))
			return
		}
		next := clone(e.set)
		next.Wards[i].Closures = append(next.Wards[i].Closures, model.Closure{From: f, To: l, Beds: b, Bassinets: c, Reason: strings.TrimSpace(why.Text)})
		e.save(next, lang.X("statistics.wards.beds_closed_reason", "ward {{.Ward}}: {{.Closed}} closed {{.From}} to {{.To}}",
			map[string]any{"Ward": w.ID, "Closed": b + c, "From": f.String(), "To": l.String()}), done)
	})
}

// mapNames lists the ward names typed on stays that name no ward, each
// with a choice of ward; saving maps them once for all months.
func (e *wardsEditor) mapNames() {
	if len(e.set.Wards) == 0 {
		e.status.SetText(lang.X("statistics.wards.add_first", "Add the wards first."))
		return
	}
	kit.Run(e.r.h, func(sess *storage.Session) ([]storage.UnknownWard, error) {
		return sess.Statistics().UnknownWards()
	}, func(names []storage.UnknownWard, err error) {
		if err != nil {
			e.r.h.ShowError(err)
			return
		}
		if len(names) == 0 {
			e.status.SetText(lang.X("statistics.wards.all_named", "Every ward name on the stays names a ward of the list."))
			return
		}
		leave := lang.X("statistics.wards.leave", "(leave)")
		opts := []string{leave}
		for _, w := range e.set.Wards {
			opts = append(opts, w.ID)
		}
		var items []*widget.FormItem
		picks := make([]*widget.Select, len(names))
		for i, n := range names {
			picks[i] = widget.NewSelect(opts, nil)
			picks[i].SetSelected(leave)
			items = append(items, widget.NewFormItem(lang.XN("statistics.wards.name_stays", "{{.Name}} ({{.Count}} stays)", n.Stays,
				map[string]any{"Name": n.Name, "Count": n.Stays}), picks[i]))
		}
		e.r.h.FormDialog(lang.X("statistics.wards.map_title", "Map ward names"), items, nil, func(done func(string)) {
			next := clone(e.set)
			n := 0
			for i, p := range picks {
				if p.Selected != leave && p.Selected != "" {
					next.WardNames[model.FoldWard(names[i].Name)] = p.Selected
					n++
				}
			}
			if n == 0 {
				done(lang.X("statistics.wards.choose_one", "Choose a ward for at least one name."))
				return
			}
			e.save(next, lang.XN("statistics.wards.mapped", "{{.Count}} ward names mapped to wards", n, map[string]any{"Count": n}), done)
		})
	})
}
