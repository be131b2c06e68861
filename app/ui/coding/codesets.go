package coding

import (
	"bytes"
	"math"
	"sort"
	"strings"
	"sync"

	"dossier/app/ui/kit"
	"dossier/assets/codes"
	"dossier/model"
	"dossier/model/coding"
	"dossier/storage"
)

// codeSets are the code sets the picker searches: the shipped ICD-10-CM
// and ICD-10-PCS, replaced by a newer release of the same system when the
// clinic has installed one, plus any other installed set (ICPC-2, ICD-11, a
// local list). Loaded on first use (about 0.3 s) and again after an import.
type codeSets struct {
	mu        sync.Mutex
	loaded    bool
	byName    map[string]*coding.Set
	searcher  *coding.Searcher
	external  *coding.Searcher // the External Cause Index, for an injury's additional code
	shorthand coding.Shorthand
	err       error
}

// windows keeps each window's code sets: they are loaded once per window
// and kept across sign-ins (they hold no patient data).
var windows struct {
	mu   sync.Mutex
	sets map[*kit.Host]*codeSets
}

// setsOf returns the window's code sets, not loaded yet on first use.
func setsOf(h *kit.Host) *codeSets {
	windows.mu.Lock()
	defer windows.mu.Unlock()
	if windows.sets == nil {
		windows.sets = map[*kit.Host]*codeSets{}
	}
	c, ok := windows.sets[h]
	if !ok {
		c = &codeSets{}
		windows.sets[h] = c
	}
	return c
}

// CodeSetsChanged makes the window's pickers load the code sets again on
// their next use: the Code sets screen calls it after an import.
func CodeSetsChanged(h *kit.Host) { setsOf(h).reset() }

// load reads the shipped and installed sets with sess, once; it runs off
// the UI goroutine.
func (c *codeSets) load(sess *storage.Session) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loaded {
		return c.err
	}
	c.loaded = true
	c.byName = map[string]*coding.Set{}
	// The books load while the sets do: the first search waits for the
	// slowest, not the sum.
	go codes.Indexes()
	if _, err := codes.All(); err != nil {
		c.err = err
		return err
	}
	for _, get := range []func() (*coding.Set, error){codes.CM, codes.PCS} {
		s, err := get()
		if err != nil {
			c.err = err
			return err
		}
		c.byName[s.System.Name] = s
	}
	installed, err := sess.CodeSets().List()
	if err != nil {
		c.err = err
		return err
	}
	for _, cs := range installed { // newest version first within a name
		if _, book := storage.IndexKindOf(cs); book {
			continue // an index, loaded by loadBooks
		}
		if cur, ok := c.byName[cs.Name]; ok && cur.System.Version >= cs.Version {
			continue
		}
		data, err := sess.CodeSets().Data(cs.ID)
		if err != nil {
			continue
		}
		if s, err := coding.Load(bytes.NewReader(data)); err == nil {
			c.byName[cs.Name] = s
		}
	}
	names := make([]string, 0, len(c.byName))
	for n := range c.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	var sets []*coding.Set
	for _, n := range names {
		sets = append(sets, c.byName[n])
	}
	c.searcher = coding.NewSearcher(sets...)
	books, err := c.loadBooks(sess, installed)
	if err != nil {
		c.err = err
		return err
	}
	c.searcher.Indexes = books
	c.external = coding.NewSearcher(c.byName[coding.ICD10CM])
	for _, b := range books {
		if b.Kind == coding.ExternalIndex {
			c.external.Indexes = []*coding.Index{b}
		}
	}
	short, err := sess.CodeSets().Shorthand()
	if err != nil {
		c.err = err
		return err
	}
	c.shorthand = short
	c.searcher.Shorthand = short
	c.external.Shorthand = short
	return nil
}

// loadBooks is the shipped indexes, each replaced by a newer release the
// clinic has installed (imported from the official XML).
func (c *codeSets) loadBooks(sess *storage.Session, installed []model.CodeSet) ([]*coding.Index, error) {
	shipped, err := codes.Indexes()
	if err != nil {
		return nil, err
	}
	byKind := map[coding.IndexKind]*coding.Index{}
	for _, b := range shipped {
		byKind[b.Kind] = b
	}
	for _, cs := range installed {
		kind, ok := storage.IndexKindOf(cs)
		if !ok {
			continue
		}
		if cur, ok := byKind[kind]; ok && cur.Version >= cs.Version {
			continue
		}
		data, err := sess.CodeSets().Data(cs.ID)
		if err != nil {
			continue
		}
		if b, err := storage.ReadIndex(data); err == nil {
			byKind[kind] = b
		}
	}
	var out []*coding.Index
	for _, k := range []coding.IndexKind{coding.DiseaseIndex, coding.DrugTable, coding.NeoplasmTable, coding.ExternalIndex, coding.ProcedureIndex} {
		if b := byKind[k]; b != nil {
			out = append(out, b)
		}
	}
	return out, nil
}

// searchExternal finds external causes (V00–Y99) for an injury's
// additional code.
func (c *codeSets) searchExternal(q string, n int) []coding.Hit {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.external == nil {
		return nil
	}
	var out []coding.Hit
	for _, h := range c.external.Search(q, 3*n) {
		if k := h.Code.Code; k != "" && strings.ContainsRune("VWXY", rune(k[0])) && len(out) < n {
			out = append(out, h)
		}
	}
	return out
}

// boost puts the clinic's frequent codes first: up to 5 points, half the
// gap between a reportable code and a heading, growing with the log of use.
func (c *codeSets) boost(counts map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.searcher == nil {
		return
	}
	b := make(map[string]float64, len(counts))
	for code, n := range counts {
		b[code] = min(5, math.Log2(1+float64(n)))
	}
	c.searcher.Boost = b
}

// ready reports whether the sets are loaded and usable on the UI goroutine
// (load ran in the background first).
func (c *codeSets) ready() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.loaded && c.err == nil && c.searcher != nil
}

// search finds codes for the picker's box (nil until loaded).
func (c *codeSets) search(q string, n int) []coding.Hit {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.searcher == nil {
		return nil
	}
	return c.searcher.Search(q, n)
}

// reset makes the next use reload (after a code set is installed).
func (c *codeSets) reset() {
	c.mu.Lock()
	c.loaded, c.searcher, c.external = false, nil, nil
	c.mu.Unlock()
}

// setFor returns the set of a system (ICD-10-CM when unknown).
func (c *codeSets) setFor(system string) *coding.Set {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.byName[system]; ok {
		return s
	}
	return c.byName[coding.ICD10CM]
}

// systems lists what the picker searches, for its status line.
func (c *codeSets) systems() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, s := range c.byName {
		out = append(out, s.System.String())
	}
	sort.Strings(out)
	return out
}
