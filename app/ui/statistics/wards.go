package statistics

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
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

var wardColumns = []kit.Column{{Title: "Code", Width: 60, Min: 50}, {Title: "Name", Width: 150, Min: 100},
	{Title: "Type", Width: 90, Min: 70}, {Title: "Beds today", Width: 80, Min: 60}, {Title: "Bassinets", Width: 70, Min: 60},
	{Title: "Changes and closures", Width: 330, Min: 160}}

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
		return string(w.Type)
	case 3:
		return strconv.Itoa(beds)
	case 4:
		return strconv.Itoa(cots)
	case 5:
		var parts []string
		for _, c := range w.Beds {
			parts = append(parts, fmt.Sprintf("from %s %d beds", c.From, c.Beds))
		}
		for _, c := range w.Closures {
			parts = append(parts, fmt.Sprintf("%d closed %s–%s", c.Beds+c.Bassinets, c.From, c.To))
		}
		return strings.Join(parts, "; ")
	}
	return ""
}

func (e *wardsEditor) show() {
	h := e.r.h
	var view fyne.CanvasObject
	e.table, view = kit.NewColumnTable(wardColumns, func() int { return len(e.set.Wards) }, e.cell)
	e.table.OnSelected = func(id widget.TableCellID) { e.sel = id.Row }
	add := widget.NewButtonWithIcon("Add ward…", theme.ContentAddIcon(), h.Act(e.addWard))
	beds := widget.NewButtonWithIcon("Change beds…", theme.DocumentCreateIcon(), h.Act(e.changeBeds))
	closeBeds := widget.NewButtonWithIcon("Close beds…", theme.CancelIcon(), h.Act(e.closeBeds))
	names := widget.NewButtonWithIcon("Map ward names…", theme.ListIcon(), h.Act(e.mapNames))
	e.status.SetText(kit.CountOf(len(e.set.Wards), "ward") + ". Choose a ward, then change its beds or close some for a time.")
	body := container.NewBorder(container.NewVBox(kit.Tools(add, beds, closeBeds, names)), e.status, nil, nil, view)
	e.dlg = dialog.NewCustom("Wards and beds", "Close", body, h.Win)
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
		e.status.SetText("Saved: " + reason + ".")
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
	code.SetPlaceHolder("short code, e.g. MED")
	from.SetText(model.DateOf(time.Now()).String())
	var types []string
	for _, t := range model.WardTypes {
		types = append(types, string(t))
	}
	kind := widget.NewSelect(types, nil)
	kind.SetSelected(string(model.WardMedical))
	items := []*widget.FormItem{widget.NewFormItem("Code", code), widget.NewFormItem("Name", name),
		widget.NewFormItem("Type", kind), widget.NewFormItem("Beds", beds), widget.NewFormItem("Bassinets", cots),
		widget.NewFormItem("From (YYYY-MM-DD)", from)}
	e.r.h.FormDialog("Add a ward", items, code, func(done func(string)) {
		b, ok1 := parseCount(beds.Text)
		c, ok2 := parseCount(cots.Text)
		d, ok3 := parseDay(from.Text)
		if !ok1 || !ok2 || !ok3 {
			done("Type the beds and bassinets as numbers and the day as YYYY-MM-DD.")
			return
		}
		next := clone(e.set)
		next.Wards = append(next.Wards, model.Ward{ID: strings.TrimSpace(code.Text), Name: strings.TrimSpace(name.Text),
			Type: model.WardType(kind.Selected), Beds: []model.BedChange{{From: d, Beds: b, Bassinets: c}}})
		e.save(next, "ward "+strings.TrimSpace(code.Text)+" added", done)
	})
}

func (e *wardsEditor) selected() (int, bool) {
	if e.sel < 0 || e.sel >= len(e.set.Wards) {
		e.status.SetText("Choose a ward first.")
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
	items := []*widget.FormItem{widget.NewFormItem("Beds", beds), widget.NewFormItem("Bassinets", cots),
		widget.NewFormItem("From (YYYY-MM-DD)", from)}
	e.r.h.FormDialog("Bed complement of "+w.Name, items, beds, func(done func(string)) {
		b, ok1 := parseCount(beds.Text)
		c, ok2 := parseCount(cots.Text)
		d, ok3 := parseDay(from.Text)
		if !ok1 || !ok2 || !ok3 {
			done("Type the beds and bassinets as numbers and the day as YYYY-MM-DD.")
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
		e.save(next, fmt.Sprintf("ward %s: %d beds, %d bassinets from %s", w.ID, b, c, d), done)
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
	items := []*widget.FormItem{widget.NewFormItem("First day", from), widget.NewFormItem("Last day", to),
		widget.NewFormItem("Beds closed", beds), widget.NewFormItem("Bassinets closed", cots), widget.NewFormItem("Why", why)}
	e.r.h.FormDialog("Close beds on "+w.Name, items, to, func(done func(string)) {
		f, ok1 := parseDay(from.Text)
		l, ok2 := parseDay(to.Text)
		b, ok3 := parseCount(beds.Text)
		c, ok4 := parseCount(cots.Text)
		if !ok1 || !ok2 || !ok3 || !ok4 || b+c == 0 {
			done("Type the days as YYYY-MM-DD and how many beds or bassinets are closed.")
			return
		}
		next := clone(e.set)
		next.Wards[i].Closures = append(next.Wards[i].Closures, model.Closure{From: f, To: l, Beds: b, Bassinets: c, Reason: strings.TrimSpace(why.Text)})
		e.save(next, fmt.Sprintf("ward %s: %d closed %s to %s", w.ID, b+c, f, l), done)
	})
}

// mapNames lists the ward names typed on stays that name no ward, each
// with a choice of ward; saving maps them once for all months.
func (e *wardsEditor) mapNames() {
	if len(e.set.Wards) == 0 {
		e.status.SetText("Add the wards first.")
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
			e.status.SetText("Every ward name on the stays names a ward of the list.")
			return
		}
		opts := []string{"(leave)"}
		for _, w := range e.set.Wards {
			opts = append(opts, w.ID)
		}
		var items []*widget.FormItem
		picks := make([]*widget.Select, len(names))
		for i, n := range names {
			picks[i] = widget.NewSelect(opts, nil)
			picks[i].SetSelected("(leave)")
			items = append(items, widget.NewFormItem(fmt.Sprintf("%s (%s)", n.Name, kit.CountOf(n.Stays, "stay")), picks[i]))
		}
		e.r.h.FormDialog("Map ward names", items, nil, func(done func(string)) {
			next := clone(e.set)
			n := 0
			for i, p := range picks {
				if p.Selected != "(leave)" && p.Selected != "" {
					next.WardNames[model.FoldWard(names[i].Name)] = p.Selected
					n++
				}
			}
			if n == 0 {
				done("Choose a ward for at least one name.")
				return
			}
			e.save(next, kit.CountOf(n, "ward name")+" mapped to wards", done)
		})
	})
}
