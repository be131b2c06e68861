package app

import (
	"sync"

	"dossier/assets/codes"
	"dossier/model/coding"
)

// codeSets are the code sets the picker searches, loaded on first use
// (about 0.3 s) and kept for the rest of the run.
type codeSets struct {
	once     sync.Once
	cm, pcs  *coding.Set
	searcher *coding.Searcher
	err      error
}

func (c *codeSets) load() error {
	c.once.Do(func() {
		if c.cm, c.err = codes.CM(); c.err != nil {
			return
		}
		if c.pcs, c.err = codes.PCS(); c.err != nil {
			return
		}
		c.searcher = coding.NewSearcher(c.cm, c.pcs)
	})
	return c.err
}

// setFor returns the set a code belongs to.
func (c *codeSets) setFor(system string) *coding.Set {
	if system == coding.ICD10PCS {
		return c.pcs
	}
	return c.cm
}
