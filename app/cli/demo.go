package cli

import (
	"fmt"
	"math/rand/v2"
	"time"

	"dossier/model"
	"dossier/model/demo"
	"dossier/storage"
)

// demoUsers are created with the administrator's password so every role can
// be tried on a demo clinic.
var demoUsers = []model.User{
	{Username: "clerk1", FullName: "Grace Auma (records clerk)", Role: model.RoleClerk},
	{Username: "coder1", FullName: "Peter Mugisha (clinical coder)", Role: model.RoleCoder},
	{Username: "super1", FullName: "Janet Achieng (records supervisor)", Role: model.RoleSupervisor},
	{Username: "doctor1", FullName: "Dr. Samuel Otieno (clinician)", Role: model.RoleClinician},
}

func runDemo(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "demo")
	n := fs.Int("patients", 2000, "how many patient records to generate")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same clinic")
	todayText := fs.String("today", "", "reference date YYYY-MM-DD for ages and visit dates (default: today)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *n < 1 || *n > 2_000_000 {
		return fmt.Errorf("--patients must be between 1 and 2000000")
	}
	today := time.Now().UTC()
	if *todayText != "" {
		d, err := model.ParseISODate(*todayText)
		if err != nil {
			return err
		}
		today = d.Time().Add(12 * time.Hour)
	}
	// One clock for the rules that need "now" (due dates, "not in the
	// future"): the demo's today, running on from the start. Audit entries
	// keep the real time.
	began := time.Now()
	opts := demoOptions
	opts.Clock = func() time.Time { return today.Add(time.Since(began)) }
	fresh, pw := !storage.Exists(g.db), ""
	if fresh {
		var err error
		if pw, err = createDemoClinic(env, g, opts); err != nil {
			return err
		}
	} else if err := checkDemoStore(g.db); err != nil {
		return err
	}
	s, sess, err := signInWith(env, g, opts)
	if err != nil {
		return err
	}
	defer s.Close()
	if !s.IsDemo() {
		return errNotDemo(g.db)
	}
	start := time.Now()
	cfg := demo.Config{Patients: *n, Seed: *seed, Today: today, Charts: *n <= 200_000}
	var visits int
	if cfg.Charts {
		ds := demo.Generate(cfg)
		if err := sess.Patients().RegisterMany(ds.Patients, progressPrinter(env, len(ds.Patients))); err != nil {
			return err
		}
		if err := saveVisits(sess, ds, today, *seed); err != nil {
			return err
		}
		visits = len(ds.Visits)
		if fresh {
			if err := demoPaperwork(s, pw, ds.Patients, today); err != nil {
				return fmt.Errorf("demo scanned pages and paper charts: %w", err)
			}
		}
	} else if err := streamPatients(env, sess, cfg); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\nDemo clinic at %s: %d patients and %d encounters added in %.1fs.\n",
		g.db, *n, visits, time.Since(start).Seconds())
	return nil
}

// demoOptions are the options demo stores are created and opened with
// (tests lower the key derivation).
var demoOptions = storage.Options{}

func errNotDemo(path string) error {
	return model.Errorf(model.Denied, "%s is not a demo store: demo patients go only into a store that dossier demo created. Give a new file with --db (the default is dossier-demo.dossier in your data folder)", path)
}

// checkDemoStore refuses an existing store that was not created as a demo.
func checkDemoStore(path string) error {
	s, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	if !s.IsDemo() {
		return errNotDemo(path)
	}
	return nil
}

// createDemoClinic sets up a new store marked as a demo and its staff, and
// returns the password they share.
func createDemoClinic(env *Env, g *globals, opts storage.Options) (string, error) {
	pw, err := env.newSecret("DOSSIER_PASSWORD", "admin")
	if err != nil {
		return "", err
	}
	c := model.DefaultClinic("Kasese District Hospital (demo)", "KDH")
	c.Address = "P.O. Box 12, Kasese"
	opts.Demo = true
	s, sess, rk, err := storage.Create(g.db, c, model.User{Username: "admin", FullName: "Moses Kato (administrator)"}, pw, opts)
	if err != nil {
		return "", err
	}
	defer s.Close()
	for _, u := range demoUsers {
		if _, err := sess.Admin().CreateUser(u, pw); err != nil {
			return "", err
		}
	}
	if err := sess.Statistics().SaveSettings(demoWards(), "the demo hospital's wards"); err != nil {
		return "", err
	}
	fmt.Fprintf(env.Stdout, "Demo clinic created. Users admin, clerk1, coder1, super1, doctor1 share the password you gave.\nRecovery key: %s\n", rk)
	return pw, nil
}

// saveVisits writes the encounters and notes once the patients have IDs.
// Chart completion is evaluated as they are saved, so the demo's paperwork
// is made realistic first (completeDemoCharts): most notes signed, the
// recent ones often not yet, and one doctor's stays attended by doctor1.
func saveVisits(sess *storage.Session, ds demo.Dataset, today time.Time, seed uint64) error {
	doctor := model.User{}
	if cs, err := sess.Encounters().Clinicians(); err == nil && len(cs) > 0 {
		doctor = cs[0]
	}
	r := rand.New(rand.NewPCG(seed, 0xdef1c))
	const batch = 2000
	for i := 0; i < len(ds.Visits); i += batch {
		var encs []model.Encounter
		var notes []model.Note
		for _, v := range ds.Visits[i:min(i+batch, len(ds.Visits))] {
			e := v.Encounter
			e.ID = model.NewID()
			e.PatientID = ds.Patients[v.Patient].ID
			if e.Clinician == demoDoctorOfUser && !doctor.ID.IsZero() {
				e.ClinicianID, e.Clinician = doctor.ID, doctor.FullName
			}
			if e.CodingStatus == model.CodingDone {
				e.CodedBy = demoCoder
			}
			encs = append(encs, e)
			for _, nt := range v.Notes {
				nt.PatientID, nt.EncounterID = e.PatientID, e.ID
				signDemoNote(&nt, r, today)
				notes = append(notes, nt)
			}
		}
		if err := sess.Encounters().CreateChartItems(encs, notes); err != nil {
			return err
		}
	}
	return nil
}

// demoCoder is the demo user credited with the generated coding.
const demoCoder = "coder1"

// demoDoctorOfUser is the generated doctor whose encounters the demo's
// clinician user (doctor1) attends, so doctor1 has a list of their own.
const demoDoctorOfUser = "Dr. Mwesigwa"

// signDemoNote signs a note as a ward would: nearly every note older than
// two months signed (a few late), and about half of the recent ones.
func signDemoNote(n *model.Note, r *rand.Rand, today time.Time) {
	age := today.Sub(n.Written)
	switch {
	case age > 60*24*time.Hour && r.IntN(20) > 0:
	case age <= 60*24*time.Hour && r.IntN(2) == 0:
	default:
		return
	}
	delay := time.Duration(r.IntN(36)) * time.Hour
	if r.IntN(8) == 0 {
		delay += time.Duration(3+r.IntN(10)) * 24 * time.Hour // signed late
	}
	at := n.Written.Add(delay)
	if at.After(today) {
		return
	}
	n.SignedBy, n.SignedAt = n.Author, at
}

// streamPatients saves patients in chunks without holding them all.
func streamPatients(env *Env, sess *storage.Session, cfg demo.Config) error {
	const chunk = 10_000
	buf := make([]model.Patient, 0, chunk)
	var saveErr error
	flush := func(done int) bool {
		if saveErr = sess.Patients().RegisterMany(buf, nil); saveErr != nil {
			return false
		}
		buf = buf[:0]
		fmt.Fprintf(env.Stderr, "\r%d of %d patients", done, cfg.Patients)
		return true
	}
	demo.Patients(cfg, func(i int, p model.Patient) bool {
		buf = append(buf, p)
		if len(buf) == chunk {
			return flush(i + 1)
		}
		return true
	})
	if saveErr == nil && len(buf) > 0 {
		flush(cfg.Patients)
	}
	fmt.Fprintln(env.Stderr)
	return saveErr
}

func progressPrinter(env *Env, total int) func(int) bool {
	return func(done int) bool {
		fmt.Fprintf(env.Stderr, "\r%d of %d patients", done, total)
		return true
	}
}

// demoWards are the demo hospital's wards (the names its stays are
// generated with) and beds, for the Statistics section.
func demoWards() model.StatSettings {
	from := model.Date{Year: time.Now().Year() - 6, Month: 1, Day: 1}
	ward := func(id, name string, t model.WardType, beds, cots int) model.Ward {
		return model.Ward{ID: id, Name: name, Type: t, Beds: []model.BedChange{{From: from, Beds: beds, Bassinets: cots}}}
	}
	return model.StatSettings{
		Wards: []model.Ward{ward("FMW", "Female Medical", model.WardMedical, 24, 0), ward("MMW", "Male Medical", model.WardMedical, 24, 0),
			ward("PAED", "Paediatric", model.WardPaediatric, 30, 0), ward("MAT", "Maternity", model.WardMaternity, 20, 12),
			ward("SUR", "Surgical", model.WardSurgical, 28, 0)},
		Notifiable: model.DefaultNotifiable,
	}
}
