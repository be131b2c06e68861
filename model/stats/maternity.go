package stats

import "strings"

// Maternity, from the codes of the encounter (a stay counted in the
// period of its discharge, a visit on its day):
//
//	delivery    any of O80–O84, Z37, or the ICD-10-PCS delivery codes
//	            (10D00 caesarean, 10D07 extraction, 10E0XZZ delivery)
//	mode        caesarean: O82, O84.2 or 10D00…; assisted: O81, O83,
//	            O84.1 or 10D07…; else normal
//	births      from Z37 (outcome of delivery): Z37.0 one live; Z37.1 one
//	            stillborn; Z37.2 two live; Z37.3 one live, one stillborn;
//	            Z37.4 two stillborn; Z37.5 three live; Z37.6 two live, one
//	            stillborn; Z37.7 three stillborn (Z37.5–7 are "other
//	            multiple": three is the least they can be)
//	caesarean % caesarean deliveries ÷ deliveries × 100
//	maternal    a death of a stay with an O-chapter code other than O96
//	death       and O97 (late maternal and sequelae)
var z37Births = map[string][2]float64{ // live, still
	"Z370": {1, 0}, "Z371": {0, 1}, "Z372": {2, 0}, "Z373": {1, 1}, "Z374": {0, 2},
	"Z375": {3, 0}, "Z376": {2, 1}, "Z377": {0, 3},
}

// DeliveryMode says whether coded items record a delivery and how:
// "normal", "assisted", "caesarean", or "" for none.
func DeliveryMode(codes []Code) string {
	delivery, assisted, caesarean := false, false, false
	for _, it := range codes {
		x := it.Code
		if it.Proc {
			switch {
			case strings.HasPrefix(x, "10D00"):
				delivery, caesarean = true, true
			case strings.HasPrefix(x, "10D07"):
				delivery, assisted = true, true
			case x == "10E0XZZ":
				delivery = true
			}
			continue
		}
		switch {
		case strings.HasPrefix(x, "O82"), strings.HasPrefix(x, "O842"):
			delivery, caesarean = true, true
		case strings.HasPrefix(x, "O81"), strings.HasPrefix(x, "O83"), strings.HasPrefix(x, "O841"):
			delivery, assisted = true, true
		case strings.HasPrefix(x, "O80"), strings.HasPrefix(x, "O84"), strings.HasPrefix(x, "Z37"):
			delivery = true
		}
	}
	switch {
	case caesarean:
		return "caesarean"
	case assisted:
		return "assisted"
	case delivery:
		return "normal"
	}
	return ""
}

// countDay is the day an encounter's codes count on: a stay's discharge,
// a visit's day; -1 for a stay still open.
func (c *calc) countDay(e *Encounter) int {
	if e.Stay() {
		if e.End.IsZero() {
			return -1
		}
		return c.dayOf(e.End)
	}
	return c.dayOf(e.Start)
}

func (c *calc) maternity(e *Encounter) {
	day := c.countDay(e)
	if day < 0 || !c.inPeriod(day) {
		return
	}
	if mode := DeliveryMode(e.Codes); mode != "" {
		why := func() string { return mode + " delivery " + dayLabel(day) }
		c.add(e, 1, why, Key{Figure: FigDeliveries}, Key{Figure: FigDeliveries, Extra: mode})
		for _, it := range e.Codes {
			if b, ok := z37Births[it.Code[:min(4, len(it.Code))]]; ok && !it.Proc {
				if b[0] > 0 {
					c.add(e, b[0], func() string { return why() + ", " + it.Code }, Key{Figure: FigLiveBirths})
				}
				if b[1] > 0 {
					c.add(e, b[1], func() string { return why() + ", " + it.Code }, Key{Figure: FigStillbirths})
				}
			}
		}
	}
	if e.Died() {
		for _, it := range e.Codes {
			x := it.Code
			if !it.Proc && strings.HasPrefix(x, "O") && !strings.HasPrefix(x, "O96") && !strings.HasPrefix(x, "O97") {
				c.add(e, 1, func() string { return "died " + dayLabel(day) + " with " + x }, Key{Figure: FigMaternalDeaths})
				break
			}
		}
	}
}

func (c *calc) finishMaternity() {
	for _, k := range []Key{{Figure: FigDeliveries}, {Figure: FigDeliveries, Extra: "normal"},
		{Figure: FigDeliveries, Extra: "assisted"}, {Figure: FigDeliveries, Extra: "caesarean"},
		{Figure: FigLiveBirths}, {Figure: FigStillbirths}, {Figure: FigMaternalDeaths}} {
		c.zero(k)
	}
	if n := c.f[Key{Figure: FigDeliveries}]; n > 0 {
		c.f[Key{Figure: FigCaesareanRate}] = c.f[Key{Figure: FigDeliveries, Extra: "caesarean"}] / n * 100
	}
}
