package stats

// Outpatient attendances: every outpatient or emergency visit in the
// period, new when it is the patient's first attendance at this facility
// in its calendar year (or ever, when the clinic chose so), else repeat;
// by sex and by age group at the visit.
func (c *calc) attendance(e *Encounter) {
	day := c.dayOf(e.Start)
	if !c.inPeriod(day) {
		return
	}
	sex, age := sexOf(e.Sex), c.ageGroup(ageAt(e.Birth, e.Start.In(c.p.From.Location())))
	fig, kind := FigOPDRepeat, "repeat"
	if e.NewYear && !c.s.NewEver || e.NewEver && c.s.NewEver {
		fig, kind = FigOPDNew, "new"
	}
	why := func() string { return kind + " attendance " + dayLabel(day) } // only for a drill-down
	c.addDemo(e, 1, why, fig, "", sex, age)
	c.addDemo(e, 1, why, FigAttendances, "", sex, age)
}

// finishOutpatient makes every outpatient cell a return can ask for
// present: a month without a girl under one is 0 such attendances, not a
// figure Dossier cannot compute.
func (c *calc) finishOutpatient() {
	for _, fig := range []string{FigOPDNew, FigOPDRepeat, FigAttendances} {
		for _, sex := range []string{"", "F", "M"} {
			c.zero(Key{Figure: fig, Sex: sex})
			for _, g := range c.s.AgeGroups {
				c.zero(Key{Figure: fig, Sex: sex, Age: g.Label})
			}
		}
	}
}
